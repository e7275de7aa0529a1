package main

import (
	"context"

	"lms/internal/app"
	"lms/web"
)

// appConfig is the program's part of the settings.
func appConfig(env *Env) app.Config {
	c := env.Config
	return app.Config{DatabaseURL: c.DatabaseURL, S3: c.S3, MeiliURL: c.MeiliURL, MeiliKey: c.MeiliKey,
		DataDir: c.DataDir, SessionIdle: c.SessionIdle, SessionMax: c.SessionMax, Media: c.Media, Mail: c.Mail,
		Workers: env.Workers, SecretKey: []byte(c.SecretKey), BaseURL: c.BaseURL, Log: env.Log}
}

// openApp builds the whole program (internal/app).
func openApp(ctx context.Context, env *Env) (*app.App, error) {
	return app.New(ctx, appConfig(env))
}

// openAdmin opens what the administration commands need: the database.
func openAdmin(ctx context.Context, env *Env) (*app.Admin, error) {
	return app.OpenAdmin(ctx, appConfig(env))
}

// webServer builds the web server over the program.
func webServer(a *app.App, env *Env) (*web.Server, error) {
	return web.New(web.Deps{Org: a.Org, Course: a.Course, Quiz: a.Quiz, Media: a.Media, Search: a.Search,
		Report: a.Report, Notice: a.Notice, Feedback: a.Feedback, Reflection: a.Reflection, Appraisal: a.Appraisal, Training: a.Training, Scorm: a.Scorm, DB: a.Pool, Store: a.Store, Log: env.Log, BaseURL: env.Config.BaseURL,
		SecretKey: []byte(env.Config.SecretKey), TrustedProxies: env.Config.TrustedProxies})
}
