package org

import (
	"strings"
	"testing"

	"lms/internal/apperr"
)

func TestValidateEmail(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 250) + "@x.cn"
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"  zhangsan@example.com ", "zhangsan@example.com", true},
		{"zhang.san+lms@mail.sgcc.com.cn", "zhang.san+lms@mail.sgcc.com.cn", true},
		{"zhangsan", "", false},
		{"zhangsan@localhost", "", false},
		{"张三 <zhangsan@example.com>", "", false},
		{"a@example.com, b@example.com", "", false},
		{"zhang\nsan@example.com", "", false},
		{"zhangsan@example.com\r\nBcc: x@evil.com", "", false},
		{long, "", false},
	} {
		got, err := ValidateEmail(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ValidateEmail(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Errorf("ValidateEmail(%q): error kind %v", tc.in, err)
		}
	}
}

func TestUserEmail(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	in := UserInput{Username: "mail_01", DisplayName: "邮件学员", UnitID: f.unit("第一党支部").ID,
		Password: "Start2026a", Email: "bad address"}
	if _, err := f.svc.CreateUser(f.ctx, admin, in); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad email accepted: %v", err)
	}
	in.Email = "mail01@example.com"
	u, err := f.svc.CreateUser(f.ctx, admin, in)
	if err != nil || u.Email != "mail01@example.com" {
		t.Fatalf("create: %+v %v", u, err)
	}
	bad, good, none := "x@", "new01@example.com", ""
	if _, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Email: &bad}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad patch accepted: %v", err)
	}
	if f.user("mail_01").Email != "mail01@example.com" {
		t.Fatal("refused patch changed the address")
	}
	name := "改名"
	if u, err = f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{DisplayName: &name}); err != nil || u.Email != "mail01@example.com" {
		t.Fatalf("patch without email: %+v %v", u, err)
	}
	if u, err = f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Email: &good}); err != nil || u.Email != good {
		t.Fatalf("patch: %+v %v", u, err)
	}
	if u, err = f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Email: &none}); err != nil || u.Email != "" {
		t.Fatalf("clear: %+v %v", u, err)
	}
}

func TestImportEmail(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	head := "账号,姓名,组织,邮箱\n"
	rep, err := f.importCSV(admin, []byte(head+"mail_a,甲,"+hbPath+",a@example.com\nmail_b,乙,"+hbPath+",\n"), false)
	if err != nil || !rep.Applied {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if f.user("mail_a").Email != "a@example.com" || f.user("mail_b").Email != "" {
		t.Fatal("emails not imported")
	}
	rep, err = f.importCSV(admin, []byte(head+"mail_a,甲,"+hbPath+",not-an-address\n"), false)
	if err != nil || rep.Applied || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "邮箱") {
		t.Fatalf("bad email row: %+v %v", rep, err)
	}
	// A roster without the column, or with the cell empty, keeps the address.
	for _, data := range []string{"账号,姓名,组织\nmail_a,甲," + hbPath + "\n", head + "mail_a,甲," + hbPath + ",\n"} {
		if rep, err = f.importCSV(admin, []byte(data), false); err != nil || !rep.Applied {
			t.Fatalf("reimport: %+v %v", rep, err)
		}
		if got := f.user("mail_a").Email; got != "a@example.com" {
			t.Fatalf("reimport lost the address: %q", got)
		}
	}
}
