// Package testenv gives tests the real services started by `make test` (or
// a developer's own stack, from the same LMS_* variables): a fresh
// PostgreSQL database cloned from a migrated template, and a MinIO bucket.
package testenv

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"

	"lms/internal/db"
	"lms/internal/objstore"
	"lms/migrations"
)

// Env returns the LMS_* variable, failing the test when the services are not
// there: tests run against real services, never a stand-in.
func Env(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, or load var/lms.env of a running `make run`", name)
	}
	return v
}

// DatabaseURL creates a fresh database from the migrated template and
// returns its URL; it is dropped when the test ends.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	base := Env(t, "LMS_DATABASE_URL")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer admin.Close(ctx)
	tpl, err := ensureTemplate(ctx, admin, base)
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	name := "test_" + randomHex(6)
	if err := createFrom(ctx, admin, name, tpl); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(base, name) })
	return withDatabase(base, name)
}

// DB returns a pool on a fresh migrated database.
func DB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func createFrom(ctx context.Context, admin *pgx.Conn, name, tpl string) error {
	var err error
	for range 20 { // another process may be cloning the template this instant
		_, err = admin.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tpl))
		if err == nil || !strings.Contains(err.Error(), "being accessed by other users") {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// ensureTemplate migrates a template database once per set of migrations;
// an advisory lock makes the test binaries of several packages take turns.
func ensureTemplate(ctx context.Context, admin *pgx.Conn, base string) (string, error) {
	name := "tpl_" + migrationsHash()
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock(7351)`); err != nil {
		return "", err
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock(7351)`) //nolint:errcheck
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return name, err
	}
	building := name + "_building"
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+building); err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	pool, err := db.Open(ctx, withDatabase(base, building))
	if err != nil {
		return "", err
	}
	err = db.MigrateUp(ctx, pool, io.Discard)
	pool.Close()
	if err != nil {
		return "", err
	}
	_, err = admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name))
	return name, err
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := migrations.FS.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func dropDatabase(base, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if admin, err := pgx.Connect(ctx, base); err == nil {
		_, _ = admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close(ctx)
	}
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// S3Config returns the object store settings with a fresh bucket name.
func S3Config(t testing.TB) objstore.Config {
	return objstore.Config{Endpoint: Env(t, "LMS_S3_ENDPOINT"), AccessKey: Env(t, "LMS_S3_ACCESS_KEY"),
		SecretKey: Env(t, "LMS_S3_SECRET_KEY"), Bucket: "test-" + randomHex(6),
		TLS: os.Getenv("LMS_S3_TLS") == "true"}
}

// Store opens a fresh bucket in MinIO, emptied and removed after the test.
func Store(t testing.TB) *objstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := objstore.Open(ctx, S3Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for obj := range s.Client.ListObjects(ctx, s.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			_ = s.Client.RemoveObject(ctx, s.Bucket, obj.Key, minio.RemoveObjectOptions{})
		}
		_ = s.Client.RemoveBucket(ctx, s.Bucket)
	})
	return s
}
