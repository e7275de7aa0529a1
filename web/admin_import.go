package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"lms/org"
)

type importData struct {
	Notice
	Report *org.ImportReport
	DryRun bool
}

func (s *Server) importPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "admin_import", importData{})
}

// importSubmit checks a roster and, unless it is a dry run or a row is
// wrong, writes it; the report shows a generated password this once only.
func (s *Server) importSubmit(c echo.Context) error {
	d := importData{DryRun: c.FormValue("dry_run") != ""}
	rep, err := s.importRoster(c, d.DryRun)
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		d.Error = msg
		return s.render(c, st, "admin_import", d)
	}
	d.Report = rep
	status := http.StatusOK
	if len(rep.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(c, status, "admin_import", d)
}

func (s *Server) importRoster(c echo.Context, dryRun bool) (*org.ImportReport, error) {
	data, err := uploadedFile(c, "file")
	if err != nil {
		return nil, err
	}
	rows, err := org.ReadRoster(data)
	if err != nil {
		return nil, err
	}
	return s.Org.ImportUsers(c.Request().Context(), actorOf(c), rows, org.ImportOptions{
		DryRun: dryRun, InitialPassword: strings.TrimSpace(c.FormValue("initial_password"))})
}

// rosterHeaders are the columns of the template, as ReadRoster knows them.
var rosterHeaders = []string{"账号", "姓名", "组织", "职级", "角色", "手机", "邮箱"}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// importTemplate sends an .xlsx with the headers, one example row whose unit
// is a real path of the viewer's tree, and a sheet of instructions.
func (s *Server) importTemplate(c echo.Context) error {
	example, err := s.exampleUnitPath(c)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := fillTemplate(f, example); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		`attachment; filename="roster-template.xlsx"; filename*=UTF-8''%E8%8A%B1%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx`)
	return c.Blob(http.StatusOK, xlsxType, buf.Bytes())
}

// exampleUnitPath walks down the first branch of the viewer's tree, at most
// three levels, and names it from the top unit: "集团/党委/党支部".
func (s *Server) exampleUnitPath(c echo.Context) (string, error) {
	tree, err := s.Org.Tree(c.Request().Context(), actorOf(c))
	if err != nil || len(tree) == 0 {
		return "示范能源集团/华北分公司党委/机关党支部", err
	}
	n := tree[0]
	for i := 0; i < 2 && len(n.Children) > 0; i++ {
		n = n.Children[0]
	}
	names, err := s.Org.UnitNames(c.Request().Context(), n.Path)
	return strings.Join(names, "/"), err
}

func fillTemplate(f *excelize.File, example string) error {
	const sheet = "花名册"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	// Text cells, so that Excel keeps leading zeros and long phone numbers.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	head := make([]any, len(rosterHeaders))
	for i, h := range rosterHeaders {
		head[i] = h
	}
	row := []any{"zhangsan", "张三", example, "科员", "学员", "13800000000", "zhangsan@example.com"}
	for _, err := range []error{
		f.SetColStyle(sheet, "A:G", text),
		f.SetColWidth(sheet, "A", "B", 14), f.SetColWidth(sheet, "C", "C", 46),
		f.SetColWidth(sheet, "D", "E", 14), f.SetColWidth(sheet, "F", "F", 16),
		f.SetColWidth(sheet, "G", "G", 28),
		f.SetSheetRow(sheet, "A1", &head), f.SetSheetRow(sheet, "A2", &row),
		f.SetCellStyle(sheet, "A1", "G1", bold),
	} {
		if err != nil {
			return err
		}
	}
	return helpSheet(f, example)
}

// helpSheet explains the columns on a second sheet; imports read the first.
func helpSheet(f *excelize.File, example string) error {
	const sheet = "填写说明"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	lines := []string{
		"第一个工作表“花名册”的第 1 行是表头，不要修改；示例行请替换为真实人员，一人一行。",
		"账号：2 到 64 个字母、数字或 _ . @ -，以字母或数字开头；账号已存在时更新此人信息。",
		"姓名：必填。",
		"组织：从顶级组织开始的完整路径，用 / 分隔，如 " + example + "。",
		"职级：可选，如 局级、正处级、副处级、正科级、副科级、科员、其他。",
		"角色：可选，学员、讲师、党委、管理员，多个用 、 分隔；新账号不填时为学员；党委、管理员角色管辖其所在组织。",
		"手机：可选。",
		"邮箱：可选，如 zhangsan@example.com，用于发送学习提醒；更新已有账号时留空则保留原邮箱。",
		"新账号使用导入时填写（或系统生成）的初始密码，首次登录须修改。有任何一行出错时，整个文件都不会写入。",
	}
	if err := f.SetColWidth(sheet, "A", "A", 110); err != nil {
		return err
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr(sheet, cell, l); err != nil {
			return err
		}
	}
	return nil
}
