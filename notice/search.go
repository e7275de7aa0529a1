package notice

import (
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"

	"lms/search"
)

// A notice is found by its audience, as it is read. Its doc carries one
// token per addressed unit and role ("n12_learner"; "n12_all" when no role
// is chosen); a viewer holds the tokens of every unit on their path with
// each of their roles and "all". The two sides are the audience rule of
// policy.go for ancestors and roles.

// Source is the search source of live notices.
type Source struct{ S *Service }

// Kind names the entities.
func (Source) Kind() string { return "notice" }

// IDs are the published notices.
func (src Source) IDs(ctx context.Context) ([]int64, error) { return publishedIDs(ctx, src.S.db) }

// Docs is one doc for a live notice, none otherwise.
func (src Source) Docs(ctx context.Context, id int64) ([]search.Doc, error) {
	n, err := getNotice(ctx, src.S.db, id)
	if err != nil || !live(n, src.S.now()) {
		return nil, ignoreNotFound(err)
	}
	files, err := attachments(ctx, src.S.db, id)
	if err != nil {
		return nil, err
	}
	body := plainText(n.BodyHTML)
	for _, f := range files {
		body += "\n" + f.Name
	}
	return []search.Doc{{Kind: search.KindNotice, Title: n.Title, Body: body, URL: noticeLink(id),
		Audience: docAudience(n)}}, nil
}

func docAudience(n *Notice) []string {
	units, roles := n.UnitIDs, n.Roles
	if len(units) == 0 {
		units = []int64{n.ScopeUnitID}
	}
	if len(roles) == 0 {
		roles = []string{"all"}
	}
	var out []string
	for _, u := range units {
		for _, r := range roles {
			out = append(out, fmt.Sprintf("n%d_%s", u, r))
		}
	}
	return out
}

// AudienceTokens are the viewer's side: every unit on their path (its
// labels are "u<id>") with each role they hold and "all".
func AudienceTokens(v Viewer) []string {
	var out []string
	for _, label := range strings.Split(v.UnitPath, ".") {
		if !strings.HasPrefix(label, "u") {
			continue
		}
		for _, r := range append([]string{"all"}, v.Roles...) {
			out = append(out, "n"+label[1:]+"_"+r)
		}
	}
	return out
}

func plainText(s string) string {
	return html.UnescapeString(bluemonday.StrictPolicy().Sanitize(strings.NewReplacer("</p>", "\n", "<br>", "\n").Replace(s)))
}
