package org

import "context"

type clientIPKey struct{}

// WithClientIP returns ctx carrying the address of the person acting, so
// that the audit log records where an administrator's change came from, as
// it does for a sign-in.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// clientIPOf is the address WithClientIP stored, or "" (the command line).
func clientIPOf(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
