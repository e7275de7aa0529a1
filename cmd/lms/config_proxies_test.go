package main

import "testing"

func TestTrustedProxiesSetting(t *testing.T) {
	t.Parallel()
	env := map[string]string{"LMS_TRUSTED_PROXIES": " 10.0.0.5, 10.1.0.0/16,::1 "}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range cfg.TrustedProxies {
		got = append(got, n.String())
	}
	if len(got) != 3 || got[0] != "10.0.0.5/32" || got[1] != "10.1.0.0/16" || got[2] != "::1/128" {
		t.Errorf("parsed %v", got)
	}
	if cfg, _ := LoadConfig(func(string) string { return "" }); len(cfg.TrustedProxies) != 0 {
		t.Errorf("default trusts %v", cfg.TrustedProxies)
	}
	env["LMS_TRUSTED_PROXIES"] = "10.0.0.0/33"
	if _, err := LoadConfig(func(k string) string { return env[k] }); err == nil {
		t.Error("bad CIDR accepted")
	}
}
