package web

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/org"
)

const (
	demoRoot  = "示范能源集团"
	demoNorth = demoRoot + "/华北分公司党委"
	demoSouth = demoRoot + "/华南分公司党委"
)

func (ts *testServer) unitID(t *testing.T, path string) int64 {
	t.Helper()
	id, err := ts.Org.UnitIDByPath(context.Background(), path)
	if err != nil {
		t.Fatalf("unit %s: %v", path, err)
	}
	return id
}

func (ts *testServer) user(t *testing.T, username string) *org.User {
	t.Helper()
	u, err := ts.Org.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u
}

func (ts *testServer) noUser(t *testing.T, username string) {
	t.Helper()
	if _, err := ts.Org.UserByUsername(context.Background(), username); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("user %s exists (err %v), want none", username, err)
	}
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

func wantPage(t *testing.T, status, want int, body string, contains ...string) {
	t.Helper()
	if status != want {
		t.Fatalf("status %d, want %d; body:\n%s", status, want, body)
	}
	for _, s := range contains {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

func wantRedirect(t *testing.T, status int, loc, prefix string) {
	t.Helper()
	if status != 303 || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("got %d to %q, want 303 to %s…", status, loc, prefix)
	}
}

func TestAdminManagesUnits(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	north, south := ts.unitID(t, demoNorth), ts.unitID(t, demoSouth)

	st, body := c.get("/admin/orgs")
	wantPage(t, st, 200, body, "华北分公司党委", "集团机关党委", `action="/admin/orgs"`, "/move")

	st, _, loc := c.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"测试党支部"}, "kind": {"党支部"}})
	wantRedirect(t, st, loc, "/admin/orgs?ok=unit_created#u")
	id := ts.unitID(t, demoNorth+"/测试党支部")
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "已新建组织", "测试党支部", fmt.Sprintf(`id="u%d"`, id))

	st, body, _ = c.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"测试党支部"}, "kind": {"党支部"}})
	wantPage(t, st, 409, body, "已有名为", `class="error"`)

	st, _, loc = c.post("/admin/orgs/"+id64(id), url.Values{"name": {"调整后党支部"}, "kind": {"党总支"}})
	wantRedirect(t, st, loc, "/admin/orgs?ok=unit_renamed")
	if u, err := ts.Org.Unit(context.Background(), org.System(), id); err != nil || u.Name != "调整后党支部" || u.Kind != "党总支" {
		t.Fatalf("after rename: %+v, %v", u, err)
	}

	st, body = c.get("/admin/orgs/" + id64(id) + "/move")
	wantPage(t, st, 200, body, "华南分公司党委", fmt.Sprintf(`value="%d" selected`, north))
	st, _, loc = c.post("/admin/orgs/"+id64(id)+"/move", url.Values{"parent_id": {id64(south)}})
	wantRedirect(t, st, loc, "/admin/orgs?ok=unit_moved")
	if got := ts.unitID(t, demoSouth+"/调整后党支部"); got != id {
		t.Fatalf("moved unit is %d, want %d", got, id)
	}

	// Under its own subtree: refused, shown on the move page.
	st, body, _ = c.post("/admin/orgs/"+id64(south)+"/move", url.Values{"parent_id": {id64(id)}})
	wantPage(t, st, 400, body, "不能把组织移到它自己或其下级组织之下", "<select")
}

func TestAdminManagesUsers(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	first, office := ts.unitID(t, demoNorth+"/生产党总支/第一党支部"), ts.unitID(t, demoNorth+"/机关党支部")

	st, body := c.get("/admin/users?q=" + url.QueryEscape("学员"))
	wantPage(t, st, 200, body, "张学员", "hb1_01", "共 ", "学员", "新建用户")
	st, body = c.get("/admin/users?org=" + id64(first))
	wantPage(t, st, 200, body, "hb1_01", "共 7 人")
	if strings.Contains(body, "hbj_01") {
		t.Error("unit filter shows a user of another unit")
	}
	st, body = c.get("/admin/users")
	wantPage(t, st, 200, body, "系统管理员", "管理员（示范能源集团）、学员", "正常", "共 34 人", "第 1 页")

	st, body = c.get("/admin/users/new")
	wantPage(t, st, 200, body, `name="username"`, `name="scope_committee"`, `<datalist id="ranks">`, "正处级")

	form := url.Values{"username": {"li_si"}, "display_name": {"李四"}, "unit_id": {id64(office)}, "rank": {"科员"},
		"phone": {"13800000000"}, "password": {"short"}, "roles": {"learner", "committee"}, "scope_committee": {""}}
	st, body, _ = c.post("/admin/users", form)
	wantPage(t, st, 400, body, "密码长度", `value="li_si"`, `value="李四"`)

	form.Set("password", "Start2026a")
	st, _, loc := c.post("/admin/users", form)
	u := ts.user(t, "li_si")
	wantRedirect(t, st, loc, fmt.Sprintf("/admin/users/%d?ok=user_created", u.ID))
	if len(u.Roles) != 2 || !u.Has(org.RoleCommittee) || u.UnitID != office || u.Phone != "13800000000" {
		t.Fatalf("created %+v", u)
	}
	for _, g := range u.Roles {
		if g.Role == org.RoleCommittee && g.ScopeUnitID != office {
			t.Errorf("committee scope %d, want the user's unit %d", g.ScopeUnitID, office)
		}
	}
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "已新建用户", "李四", "党委（机关党支部）", "重置密码", `data-confirm=`)

	path := "/admin/users/" + id64(u.ID)
	st, _, loc = c.post(path, url.Values{"display_name": {"李四四"}, "unit_id": {id64(first)}, "rank": {"副科级"},
		"phone": {""}, "roles": {"learner", "trainer"}})
	wantRedirect(t, st, loc, path+"?ok=user_saved")
	u = ts.user(t, "li_si")
	if u.DisplayName != "李四四" || u.UnitID != first || u.Rank != "副科级" || u.Phone != "" || u.Has(org.RoleCommittee) || !u.Has(org.RoleTrainer) {
		t.Fatalf("updated %+v", u)
	}

	st, _, loc = c.post(path+"/password", url.Values{"password": {"Reset2026b"}})
	wantRedirect(t, st, loc, path+"?ok=password_reset")
	if _, a, err := ts.Org.Login(context.Background(), "li_si", "Reset2026b", "127.0.0.1", "test"); err != nil || !a.MustChangePassword {
		t.Fatalf("login with the reset password: %v (actor %+v)", err, a)
	}

	st, _, loc = c.post(path+"/disable", url.Values{"disabled": {"1"}})
	wantRedirect(t, st, loc, path+"?ok=user_disabled")
	if !ts.user(t, "li_si").Disabled {
		t.Fatal("not disabled")
	}
	st, body = c.get(loc)
	wantPage(t, st, 200, body, "已停用", "启用账号")
	st, _, loc = c.post(path+"/disable", url.Values{"disabled": {"0"}})
	wantRedirect(t, st, loc, path+"?ok=user_enabled")
	if ts.user(t, "li_si").Disabled {
		t.Fatal("not enabled again")
	}

	self := ts.user(t, "demo_admin")
	st, body, _ = c.post("/admin/users/"+id64(self.ID)+"/disable", url.Values{"disabled": {"1"}})
	wantPage(t, st, 400, body, "不能停用自己的账号")
}

func TestCommitteeSeesItsSubtreeOnly(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_committee")
	north, office := ts.unitID(t, demoNorth), ts.unitID(t, demoRoot+"/集团机关党委")

	st, body := c.get("/admin/orgs")
	wantPage(t, st, 200, body, "华北分公司党委", "第一党支部", "/admin/users?org=")
	for _, hidden := range []string{"集团机关党委", "示范能源集团", `action="/admin/orgs`, "/move"} {
		if strings.Contains(body, hidden) {
			t.Errorf("committee's tree shows %q", hidden)
		}
	}

	st, body, _ = c.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"新支部"}, "kind": {"党支部"}})
	wantPage(t, st, 403, body, "无权修改该组织")
	st, body, _ = c.post("/admin/orgs/"+id64(north), url.Values{"name": {"改名"}, "kind": {"党委"}})
	wantPage(t, st, 403, body)
	st, body, _ = c.post("/admin/orgs/"+id64(office), url.Values{"name": {"改名"}, "kind": {"党委"}})
	wantPage(t, st, 404, body)
	st, body = c.get("/admin/orgs/" + id64(north) + "/move")
	wantPage(t, st, 403, body)

	for _, p := range []string{"/admin/import", "/admin/import/template.xlsx", "/admin/audit", "/admin/users/new"} {
		st, body := c.get(p)
		wantPage(t, st, 403, body, "出错了")
	}
	st, body = c.upload("/admin/import", nil, "r.csv", []byte("账号,姓名,组织\nx1,某某,"+demoNorth+"\n"))
	wantPage(t, st, 403, body)

	st, body = c.get("/admin/users")
	wantPage(t, st, 200, body, "hb1_01", "hbj_01")
	if strings.Contains(body, "bgs_01") || strings.Contains(body, "新建用户") {
		t.Error("committee's user list shows another subtree or the new-user button")
	}
	st, body = c.get("/admin/users/" + id64(ts.user(t, "hb1_01").ID))
	wantPage(t, st, 200, body, "hb1_01")
	if strings.Contains(body, `action="/admin/users/`) || strings.Contains(body, "data-confirm") {
		t.Error("committee sees the forms of a user it may not change")
	}
	st, body, _ = c.post("/admin/users/"+id64(ts.user(t, "hb1_01").ID)+"/disable", url.Values{"disabled": {"1"}})
	wantPage(t, st, 403, body, "无权修改该用户")
	st, body = c.get("/admin/users/" + id64(ts.user(t, "bgs_01").ID))
	wantPage(t, st, 404, body)
}

func TestLearnerHasNoAdminPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_learner")
	for _, p := range []string{"/admin/users", "/admin/orgs", "/admin/import", "/admin/audit"} {
		st, body := c.get(p)
		wantPage(t, st, 403, body)
	}
	anon := ts.client(t)
	if st, _ := anon.get("/admin/users"); st != 303 {
		t.Errorf("anonymous: status %d, want a redirect to the login page", st)
	}
}

func TestAdminFormWithoutCSRFIsRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	north := ts.unitID(t, demoNorth)
	noToken := *c
	noToken.csrf = ""
	st, body, _ := noToken.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"伪造支部"}})
	wantPage(t, st, 403, body, "CSRF")
	st, body, _ = c.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"伪造支部"}, "_csrf": {"forged"}})
	wantPage(t, st, 403, body, "CSRF")
	if _, err := ts.Org.UnitIDByPath(context.Background(), demoNorth+"/伪造支部"); err == nil {
		t.Fatal("a unit was created without a CSRF token")
	}
}

func TestImportPageShowsRowErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	csv := "账号,姓名,组织,职级,角色,手机\n" +
		"imp_ok,好人,示范能源集团/华北分公司党委/机关党支部,科员,学员,\n" +
		"imp_bad,坏行,示范能源集团/没有这个党委,科员,学员,\n"
	st, body := c.upload("/admin/import", nil, "roster.csv", []byte(csv))
	wantPage(t, st, 422, body, "未写入任何数据", "没有这个党委", `<td data-label="行号">3</td>`, "不存在")
	ts.noUser(t, "imp_ok")
	ts.noUser(t, "imp_bad")

	st, body = c.upload("/admin/import", nil, "roster.csv", []byte("not,a,roster\n1,2,3\n"))
	wantPage(t, st, 400, body, "缺少表头")
}

func TestImportPageApplies(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	csv := "账号,姓名,组织,职级,角色,手机\nimp_a,甲,示范能源集团/华北分公司党委/机关党支部,科员,学员、讲师,\n"
	st, body := c.upload("/admin/import", nil, "roster.csv", []byte(csv))
	wantPage(t, st, 200, body, "导入完成", `id="initial-password"`)
	u := ts.user(t, "imp_a")
	if !u.MustChangePassword || !u.Has(org.RoleTrainer) {
		t.Fatalf("imported %+v", u)
	}
	// The same roster again only updates: no new account, no password shown.
	st, body = c.upload("/admin/import", nil, "roster.csv", []byte(csv))
	wantPage(t, st, 200, body, "新建 0 人，更新 1 人")
	if strings.Contains(body, `id="initial-password"`) {
		t.Error("a password is shown although no account was created")
	}
	st, body = c.upload("/admin/import", url.Values{"initial_password": {"Given2026x"}}, "roster.csv",
		[]byte("账号,姓名,组织\nimp_b,乙,"+demoSouth+"\n"))
	wantPage(t, st, 200, body, "导入完成", "您填写的初始密码")
	if strings.Contains(body, `id="initial-password"`) {
		t.Error("a password the admin typed is shown as generated")
	}
}

func TestImportTemplateRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	resp, err := c.http.Get(c.base + "/admin/import/template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	st, data := readPage(t, resp)
	if st != 200 || resp.Header.Get("Content-Type") != xlsxType || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("template: %d %s %s", st, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 2 {
		t.Fatalf("template rows %q, %v", rows, err)
	}
	if strings.Join(rows[0], ",") != "账号,姓名,组织,职级,角色,手机,邮箱" || !strings.HasPrefix(rows[1][2], demoRoot+"/") {
		t.Fatalf("template rows %q", rows)
	}

	// As it comes, the example row names a real unit and passes a check.
	st, body := c.upload("/admin/import", url.Values{"dry_run": {"1"}}, "template.xlsx", []byte(data))
	wantPage(t, st, 200, body, "检查通过")

	row := []any{"wang_wu", "王五", demoNorth + "/机关党支部", "科员", "学员、讲师", "13900000000"}
	if err := f.SetSheetRow(sheet, "A2", &row); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	st, body = c.upload("/admin/import", url.Values{"dry_run": {"1"}}, "template.xlsx", buf.Bytes())
	wantPage(t, st, 200, body, "检查通过", "共 1 行，将新建 1 人，更新 0 人", "未写入任何数据")
	ts.noUser(t, "wang_wu")
}

func TestAuditPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "demo_admin")
	north := ts.unitID(t, demoNorth)
	if st, _, _ := c.post("/admin/orgs", url.Values{"parent_id": {id64(north)}, "name": {"审计支部"}}); st != 303 {
		t.Fatalf("create unit: %d", st)
	}
	st, body := c.get("/admin/audit")
	wantPage(t, st, 200, body, `<td data-label="操作">登录</td>`, `<td data-label="操作">新建组织</td>`,
		`<option value="unit.create">新建组织</option>`, "系统管理员", `名称：审计支部`)

	st, body = c.get("/admin/audit?action=unit.create")
	wantPage(t, st, 200, body, `<td data-label="操作">新建组织</td>`, `<option value="unit.create" selected>`)
	// An administrator's change records the address it came from, as a sign-in does.
	wantPage(t, st, 200, body, `<td data-label="IP 地址">127.0.0.1</td>`)
	if strings.Contains(body, `<td data-label="操作">登录</td>`) {
		t.Error("the action filter lets other actions through")
	}
	st, body = c.get("/admin/audit?action=no.such")
	wantPage(t, st, 200, body, "没有记录")
	// Who acted, and on which days, on the platform's calendar.
	today := time.Now().In(calendar.Zone)
	st, body = c.get("/admin/audit?person=" + url.QueryEscape("系统管理员") + "&from=" + today.Format("2006-01-02") +
		"&to=" + today.Format("2006-01-02"))
	wantPage(t, st, 200, body, `<td data-label="操作">新建组织</td>`, `value="系统管理员"`)
	st, body = c.get("/admin/audit?person=demo_learner")
	wantPage(t, st, 200, body, "没有记录")
	st, body = c.get("/admin/audit?to=" + today.AddDate(0, 0, -1).Format("2006-01-02"))
	wantPage(t, st, 200, body, "没有记录")
	if st, _ := c.get("/admin/audit?from=yesterday"); st != 400 {
		t.Errorf("a bad day: %d", st)
	}
}

func TestAuditActionsAreTranslated(t *testing.T) {
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		for _, a := range auditActions {
			if _, ok := v.catalogs[lang]["audit."+a]; !ok {
				t.Errorf("%s catalog lacks audit.%s", lang, a)
			}
		}
		for _, r := range org.Roles {
			if _, ok := v.catalogs[lang]["role."+string(r)]; !ok {
				t.Errorf("%s catalog lacks role.%s", lang, r)
			}
		}
	}
	for key := range v.catalogs["en"] {
		if _, ok := v.catalogs["zh"][key]; !ok {
			t.Errorf("i18n/zh.json lacks %q", key)
		}
	}
}

func TestScopedAdminKeepsWiderGrants(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ctx := context.Background()
	north, office := ts.unitID(t, demoNorth), ts.unitID(t, demoNorth+"/机关党支部")
	root := ts.unitID(t, demoRoot)
	for _, in := range []org.UserInput{
		{Username: "north_admin", DisplayName: "北区管理员", UnitID: north, Password: org.DemoPassword,
			Roles: []org.Grant{{Role: org.RoleAdmin, ScopeUnitID: north}}},
		{Username: "wide_committee", DisplayName: "集团党委委员", UnitID: office, Password: org.DemoPassword,
			Roles: []org.Grant{{Role: org.RoleLearner}, {Role: org.RoleCommittee, ScopeUnitID: root}}},
	} {
		if _, err := ts.Org.CreateUser(ctx, org.System(), in); err != nil {
			t.Fatal(err)
		}
	}
	c := ts.login(t, "north_admin")
	st, body := c.get("/admin/orgs")
	wantPage(t, st, 200, body, `action="/admin/orgs"`)
	if strings.Contains(body, fmt.Sprintf(`href="/admin/orgs/%d/move"`, north)) {
		t.Error("the root of the admin's own tree offers a move")
	}

	u := ts.user(t, "wide_committee")
	path := "/admin/users/" + id64(u.ID)
	st, body = c.get(path)
	wantPage(t, st, 200, body, "管辖“示范能源集团”，超出您的管理范围", `value="committee" checked disabled`)

	st, _, loc := c.post(path, url.Values{"display_name": {u.DisplayName}, "unit_id": {id64(office)},
		"roles": {"learner", "trainer"}})
	wantRedirect(t, st, loc, path+"?ok=user_saved")
	u = ts.user(t, "wide_committee")
	if !u.Has(org.RoleTrainer) || !u.Has(org.RoleCommittee) {
		t.Fatalf("roles after the save: %+v", u.Roles)
	}
	for _, g := range u.Roles {
		if g.Role == org.RoleCommittee && g.ScopeUnitID != root {
			t.Errorf("the wider committee grant changed scope to %d", g.ScopeUnitID)
		}
	}

	// A scope outside the admin's tree is refused, and the form comes back.
	st, body, _ = c.post(path, url.Values{"display_name": {"改过的名字"}, "unit_id": {id64(office)},
		"roles": {"learner", "admin"}, "scope_admin": {id64(root)}})
	wantPage(t, st, 403, body, "无权授予", `value="改过的名字"`)
}
