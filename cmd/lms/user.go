package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"lms/internal/app"
	"lms/org"
)

func cmdUser(ctx context.Context, env *Env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	run := map[string]func(context.Context, *Env, []string) error{
		"add": userAdd, "passwd": userPasswd, "token": userToken, "list": userList,
	}[sub]
	if run == nil {
		fmt.Fprintln(env.Err, "usage: lms user add|passwd|token|list [flags]  (lms user add --help for more)")
		if sub == "-h" || sub == "--help" {
			return nil
		}
		return fmt.Errorf("unknown subcommand %q", sub)
	}
	return run(ctx, env, args)
}

func userAdd(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "user add", "user add --username=U --name=NAME --unit=集团/党委/… [--role=learner,committee] [--rank=R] [--password=P]")
	username := fs.String("username", "", "account name")
	name := fs.String("name", "", "display name (姓名)")
	unit := fs.String("unit", "", "unit id or path of names, e.g. 示范能源集团/集团机关党委")
	roles := fs.String("role", "learner", "roles, comma separated: learner, trainer, committee, admin (committee and admin cover the user's unit)")
	rank := fs.String("rank", "", "rank (职级)")
	password := fs.String("password", "", "password; read from stdin when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	unitID, err := parseUnitRef(ctx, a, *unit)
	if err != nil {
		return err
	}
	pw, err := readPassword(env, *password)
	if err != nil {
		return err
	}
	var grants []org.Grant
	for _, r := range strings.Split(*roles, ",") {
		grants = append(grants, org.Grant{Role: org.Role(strings.TrimSpace(r)), ScopeUnitID: unitID})
	}
	u, err := a.Org.CreateUser(ctx, org.System(), org.UserInput{Username: *username, DisplayName: *name,
		UnitID: unitID, Rank: *rank, Password: pw, Roles: grants})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "created user %s (id %d) in %s\n", u.Username, u.ID, u.UnitName)
	return nil
}

func userPasswd(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "user passwd", "user passwd USERNAME [--password=P]")
	password := fs.String("password", "", "new password; read from stdin when empty")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	return withUser(ctx, env, fs.Arg(0), func(a *app.Admin, u *org.User) error {
		pw, err := readPassword(env, *password)
		if err != nil {
			return err
		}
		if _, err := a.Org.UpdateUser(ctx, org.System(), u.ID, org.UserPatch{Password: &pw}); err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "password of %s changed; their sessions were ended\n", u.Username)
		return nil
	})
}

func userToken(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "user token", "user token USERNAME [--name=NAME]")
	name := fs.String("name", "cli", "what the token is for")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	return withUser(ctx, env, fs.Arg(0), func(a *app.Admin, u *org.User) error {
		token, err := a.Org.CreateAPIToken(ctx, org.System(), u.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Err, "API token for %s (shown once; send as \"Authorization: Bearer TOKEN\"):\n", u.Username)
		fmt.Fprintln(env.Out, token)
		return nil
	})
}

func userList(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "user list", "user list [--unit=ID|PATH] [--q=TEXT] [--page=N]")
	unit := fs.String("unit", "", "only this unit's subtree")
	q := fs.String("q", "", "search account or name")
	page := fs.Int("page", 1, "page of 100")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	f := org.UserFilter{Query: *q, Page: *page, PerPage: 100}
	if *unit != "" {
		if f.UnitID, err = parseUnitRef(ctx, a, *unit); err != nil {
			return err
		}
	}
	res, err := a.Org.ListUsers(ctx, org.System(), f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tUNIT\tRANK\tROLES\tDISABLED")
	for _, u := range res.Users {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.DisplayName, u.UnitName,
			u.Rank, strings.Join(roleList(u.Roles), ","), u.Disabled)
	}
	fmt.Fprintf(tw, "(%d of %d, page %d)\n", len(res.Users), res.Total, res.Page)
	return tw.Flush()
}

func roleList(gs []org.Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g.Role)
	}
	return out
}

func withUser(ctx context.Context, env *Env, username string, fn func(*app.Admin, *org.User) error) error {
	if username == "" {
		return fmt.Errorf("say which user")
	}
	a, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Org.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	return fn(a, u)
}

// reorder puts flags before the positional argument, so both
// "passwd alice --password=x" and "passwd --password=x alice" work.
func reorder(args []string) []string {
	var fl, pos []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			fl = append(fl, a)
		} else {
			pos = append(pos, a)
		}
	}
	return append(fl, pos...)
}
