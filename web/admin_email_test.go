package web

import (
	"net/url"
	"testing"
)

// An email address typed into the user forms is checked, kept on a refused
// form, shown on the user's page and cleared by an empty field.
func TestAdminUserEmail(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	first := ts.unitID(t, demoNorth+"/生产党总支/第一党支部")

	st, body := c.get("/admin/users/new")
	wantPage(t, st, 200, body, `name="email"`, "邮箱")
	form := url.Values{"username": {"mail_user"}, "display_name": {"邮件用户"}, "unit_id": {id64(first)},
		"email": {"mail user@example"}, "password": {"Start2026a"}, "roles": {"learner"}}
	st, body, _ = c.post("/admin/users", form)
	wantPage(t, st, 400, body, "邮箱格式不正确", `value="mail user@example"`, `value="邮件用户"`)
	ts.noUser(t, "mail_user")

	form.Set("email", " mail.user@example.com ")
	st, _, loc := c.post("/admin/users", form)
	u := ts.user(t, "mail_user")
	wantRedirect(t, st, loc, "/admin/users/"+id64(u.ID))
	if u.Email != "mail.user@example.com" {
		t.Fatalf("email %q", u.Email)
	}
	st, body = c.get("/admin/users/" + id64(u.ID))
	wantPage(t, st, 200, body, "mail.user@example.com", `name="email"`)

	path := "/admin/users/" + id64(u.ID)
	edit := url.Values{"display_name": {"邮件用户"}, "unit_id": {id64(first)}, "email": {"x@y"}, "roles": {"learner"}}
	st, body, _ = c.post(path, edit)
	wantPage(t, st, 400, body, "邮箱格式不正确")
	if ts.user(t, "mail_user").Email != "mail.user@example.com" {
		t.Fatal("a refused edit changed the address")
	}
	edit.Set("email", "")
	st, _, loc = c.post(path, edit)
	wantRedirect(t, st, loc, path+"?ok=user_saved")
	if got := ts.user(t, "mail_user").Email; got != "" {
		t.Fatalf("email not cleared: %q", got)
	}
}
