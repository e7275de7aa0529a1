package org

import (
	"context"
	"testing"

	"lms/internal/testenv"
)

// fixture is a seeded demo organisation over a fresh database.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	svc   *Service
	units map[string]*Unit
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	svc := NewService(testenv.DB(t))
	ctx := context.Background()
	if _, err := svc.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	units, err := unitIndex(ctx, svc.db)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Unit{}
	for _, u := range units {
		byName[u.Name] = u
	}
	return &fixture{t: t, ctx: ctx, svc: svc, units: byName}
}

func (f *fixture) unit(name string) *Unit {
	u, ok := f.units[name]
	if !ok {
		f.t.Fatalf("no unit %s", name)
	}
	return u
}

// actor signs a demo user in and returns who they are.
func (f *fixture) actor(username string) *Actor {
	f.t.Helper()
	_, a, err := f.svc.Login(f.ctx, username, DemoPassword, "127.0.0.1", "test")
	if err != nil {
		f.t.Fatalf("login %s: %v", username, err)
	}
	return a
}

func (f *fixture) user(username string) *User {
	f.t.Helper()
	u, err := f.svc.UserByUsername(f.ctx, username)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// branchAdmin creates an admin scoped to 华北分公司党委.
func (f *fixture) branchAdmin() *Actor {
	f.t.Helper()
	unit := f.unit("华北分公司党委")
	_, err := f.svc.CreateUser(f.ctx, System(), UserInput{Username: "hb_admin", DisplayName: "华北管理员",
		UnitID: unit.ID, Password: DemoPassword, Roles: []Grant{{Role: RoleAdmin, ScopeUnitID: unit.ID}}})
	if err != nil {
		f.t.Fatal(err)
	}
	return f.actor("hb_admin")
}
