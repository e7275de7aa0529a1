package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/riverqueue/river"
	"github.com/schollz/progressbar/v3"

	"lms/search"
)

// openSearch opens the search backend: Meilisearch when LMS_MEILI_URL is
// set, else the embedded index under LMS_DATA_DIR/search (which one
// process holds at a time). Only the commands that search or index open it.
func (a *App) openSearch(env *Env) error {
	idx, err := openIndex(env)
	if err != nil {
		return err
	}
	a.Search = search.NewService(a.Pool, idx)
	// Content sources: courses, lessons and document pages, subtitle cues,
	// questions (search_sources.go).
	if err := a.registerSearch(); err != nil {
		return err
	}
	return a.registerNoticeSearch()
}

func openIndex(env *Env) (search.Index, error) {
	if env.Config.MeiliURL != "" {
		return search.OpenMeili(env.Config.MeiliURL, env.Config.MeiliKey, search.DefaultMeiliIndex), nil
	}
	return search.OpenBleve(filepath.Join(env.Config.DataDir, "search"))
}

func (a *App) closeSearch() {
	if a.Search != nil {
		_ = a.Search.Index().Close()
	}
}

// searchJobs registers the indexing worker where this process runs jobs.
func (a *App) searchJobs(w *river.Workers) {
	if a.Search != nil {
		a.Search.AddJobs(w)
	}
}

func cmdSearch(ctx context.Context, env *Env, args []string) error {
	const usageLine = "search reindex | search generate [--docs=N]"
	if len(args) == 0 {
		return fmt.Errorf("usage: lms %s", usageLine)
	}
	switch args[0] {
	case "reindex":
		return searchReindex(ctx, env, args[1:])
	case "generate":
		return searchGenerate(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintf(env.Err, "usage: lms %s\n", usageLine)
		return nil
	}
	return fmt.Errorf("unknown search command %q (usage: lms %s)", args[0], usageLine)
}

func searchReindex(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "search reindex", "search reindex   (rebuild the search index from PostgreSQL; the cure for any drift)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, err := openApp(ctx, env, true)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.openSearch(env); err != nil {
		return err
	}
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(env.Err), progressbar.OptionSetDescription("重建索引"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond))
	st, err := app.Search.Reindex(ctx, func(done, total int) {
		bar.ChangeMax(total)
		_ = bar.Set(done)
	})
	_ = bar.Finish()
	fmt.Fprintln(env.Err)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "reindexed %d entities, %d documents in %s", st.Entities, st.Docs, st.Took.Round(time.Millisecond))
	if st.Problems > 0 {
		fmt.Fprintf(env.Out, "; %d with problems (trainers see them at /search/problems)", st.Problems)
	}
	fmt.Fprintln(env.Out)
	return nil
}

// searchGenerate fills the index with generated Chinese study documents,
// for `make bench`; `lms search reindex` removes them again.
func searchGenerate(ctx context.Context, env *Env, args []string) error {
	fs := flags(env, "search generate", "search generate [--docs=N] [--seed=S]   (benchmark data)")
	n := fs.Int("docs", 20000, "documents to generate")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 {
		return errors.New("--docs must be at least 1")
	}
	idx, err := openIndex(env)
	if err != nil {
		return err
	}
	defer idx.Close()
	start := time.Now()
	all := search.GenerateEntities(*n, *seed, time.Now().UnixMicro())
	for i := 0; i < len(all); i += 500 {
		if err := idx.Replace(ctx, all[i:min(i+500, len(all))]); err != nil {
			return err
		}
	}
	took := time.Since(start)
	fmt.Fprintf(env.Out, "indexed %d documents in %s: %.0f docs/s\n", *n, took.Round(time.Millisecond), float64(*n)/took.Seconds())
	return nil
}
