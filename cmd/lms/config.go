package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lms/course"
	"lms/internal/objstore"
	"lms/media"
)

// Config is every setting, read once from LMS_* variables.
type Config struct {
	DatabaseURL string
	S3          objstore.Config
	MeiliURL    string
	MeiliKey    string
	Listen      string
	BaseURL     string
	SecretKey   string
	DataDir     string
	LogLevel    slog.Level
	LogJSON     bool
	SessionIdle time.Duration
	SessionMax  time.Duration
	Media       media.Settings
	Mail        course.MailSettings
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []*net.IPNet
}

// setting is one LMS_* variable: its default and what it means. The README's
// configuration table is this list.
type setting struct {
	name, def, help string
}

var settings = []setting{
	{"LMS_DATABASE_URL", "postgres://lms@127.0.0.1:55432/lms?sslmode=disable", "PostgreSQL connection URL"},
	{"LMS_S3_ENDPOINT", "127.0.0.1:59000", "S3 / MinIO endpoint, host:port"},
	{"LMS_S3_ACCESS_KEY", "minioadmin", "S3 access key"},
	{"LMS_S3_SECRET_KEY", "minioadmin", "S3 secret key"},
	{"LMS_S3_BUCKET", "lms", "bucket for all stored files"},
	{"LMS_S3_TLS", "false", "use HTTPS to reach S3"},
	{"LMS_MEILI_URL", "", "Meilisearch URL; empty uses the embedded index"},
	{"LMS_MEILI_KEY", "", "Meilisearch API key"},
	{"LMS_LISTEN", ":8080", "HTTP listen address"},
	{"LMS_BASE_URL", "http://localhost:8080", "public URL; https:// makes cookies Secure"},
	{"LMS_SECRET_KEY", "", "at least 32 random characters; signs CSRF tokens and links (required by serve)"},
	{"LMS_DATA_DIR", "./var", "folder for local data such as the embedded search index"},
	{"LMS_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LMS_LOG_FORMAT", "text", "text or json"},
	{"LMS_SESSION_IDLE", "2h", "a session ends after this long without a request"},
	{"LMS_SESSION_MAX", "12h", "a session ends this long after login, whatever happens"},
	{"LMS_MEDIA_DELIVERY", "proxy", "proxy: the app streams lecture segments; redirect: 2-minute presigned object-store URLs"},
	{"LMS_MEDIA_MAX_SIZE", "4GB", "largest lecture file a trainer may upload (e.g. 4GB, 500MB)"},
	{"LMS_MEDIA_MAX_DURATION", "4h", "longest lecture accepted"},
	{"LMS_SMTP_ADDR", "", "SMTP server host:port for reminder emails; empty sends none"},
	{"LMS_SMTP_USER", "", "SMTP login; empty sends without logging in"},
	{"LMS_SMTP_PASSWORD", "", "SMTP password"},
	{"LMS_SMTP_FROM", "", "sender of reminder emails, e.g. 党员教育平台 <noreply@example.com>"},
	{"LMS_SMTP_TLS", "starttls", "starttls, tls (implicit, port 465) or none (no login allowed)"},
	{"LMS_TRUSTED_PROXIES", "", "comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For / X-Real-IP is believed; empty: none"},
}

// LoadConfig reads the settings through getenv; the error is one line that
// names the variable at fault.
func LoadConfig(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, s := range settings {
			if s.name == name {
				return s.def
			}
		}
		return ""
	}
	c := Config{
		DatabaseURL: get("LMS_DATABASE_URL"),
		S3: objstore.Config{Endpoint: get("LMS_S3_ENDPOINT"), AccessKey: get("LMS_S3_ACCESS_KEY"),
			SecretKey: get("LMS_S3_SECRET_KEY"), Bucket: get("LMS_S3_BUCKET")},
		MeiliURL: get("LMS_MEILI_URL"), MeiliKey: get("LMS_MEILI_KEY"),
		Listen: get("LMS_LISTEN"), BaseURL: get("LMS_BASE_URL"),
		SecretKey: get("LMS_SECRET_KEY"), DataDir: get("LMS_DATA_DIR"),
		LogJSON: get("LMS_LOG_FORMAT") == "json",
	}
	return c, c.parse(get)
}

func (c *Config) parse(get func(string) string) error {
	var err error
	if c.S3.TLS, err = strconv.ParseBool(get("LMS_S3_TLS")); err != nil {
		return fmt.Errorf("LMS_S3_TLS must be true or false, not %q", get("LMS_S3_TLS"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LMS_LOG_LEVEL"))); err != nil {
		return fmt.Errorf("LMS_LOG_LEVEL must be debug, info, warn or error, not %q", get("LMS_LOG_LEVEL"))
	}
	if f := get("LMS_LOG_FORMAT"); f != "text" && f != "json" {
		return fmt.Errorf("LMS_LOG_FORMAT must be text or json, not %q", f)
	}
	for name, d := range map[string]*time.Duration{"LMS_SESSION_IDLE": &c.SessionIdle, "LMS_SESSION_MAX": &c.SessionMax} {
		if *d, err = time.ParseDuration(get(name)); err != nil || *d <= 0 {
			return fmt.Errorf("%s must be a duration such as 2h or 30m, not %q", name, get(name))
		}
	}
	if c.Media, err = media.ParseSettings(get("LMS_MEDIA_DELIVERY"), get("LMS_MEDIA_MAX_SIZE"), get("LMS_MEDIA_MAX_DURATION")); err != nil {
		return err
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("LMS_BASE_URL must be an http(s) URL such as https://lms.example.com, not %q", c.BaseURL)
	}
	c.Mail = course.MailSettings{Addr: get("LMS_SMTP_ADDR"), User: get("LMS_SMTP_USER"), Password: get("LMS_SMTP_PASSWORD"),
		From: get("LMS_SMTP_FROM"), TLS: get("LMS_SMTP_TLS"), BaseURL: c.BaseURL}
	if err := c.Mail.Check(); err != nil {
		return err
	}
	if c.TrustedProxies, err = parseProxies(get("LMS_TRUSTED_PROXIES")); err != nil {
		return err
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return fmt.Errorf("LMS_DATABASE_URL must be a postgres:// URL")
	}
	if c.MeiliURL != "" {
		if u, err := url.Parse(c.MeiliURL); err != nil || u.Host == "" {
			return fmt.Errorf("LMS_MEILI_URL must be an http(s) URL, not %q", c.MeiliURL)
		}
	}
	return nil
}

// parseProxies reads a comma-separated list of addresses and networks; a
// bare address is a network of one.
func parseProxies(v string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if ip := net.ParseIP(part); ip != nil {
			bits := 8 * len(ip.To16())
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("LMS_TRUSTED_PROXIES must list IP addresses or CIDRs such as 10.0.0.0/8, not %q", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// requireSecret is checked by the commands that serve requests.
func (c *Config) requireSecret() error {
	if len(c.SecretKey) < 32 {
		return fmt.Errorf("LMS_SECRET_KEY must be set to at least 32 random characters (make run writes one into var/lms.env)")
	}
	return nil
}

// Secure reports whether the public URL is HTTPS, so cookies get Secure.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }
