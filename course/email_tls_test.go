package course

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

// testCert is a self-signed certificate for 127.0.0.1 and a pool trusting it.
func testCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	cert, err := x509.ParseCertificate(der)
	must(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// The password goes only to a server whose certificate checks out, over
// STARTTLS or TLS from the start, and the message follows over TLS.
func TestReminderEmailOverTLS(t *testing.T) {
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			f, _, _ := mailFixture(t)
			cfg, roots := testCert(t)
			srv := startSMTPDWith(t, &smtpd{tls: cfg, implicit: mode == "tls"})
			f.svc.Mail.Addr, f.svc.Mail.TLS = srv.addr, mode
			f.svc.Mail.User, f.svc.Mail.Password = "lms", "口令 p@ss"
			f.runReminders() // the system's roots do not know this certificate
			if _, emailed, _ := f.emailState("demo_learner"); emailed != 0 || len(srv.loginsSeen()) != 0 {
				t.Fatalf("untrusted server: %d emailed, logins %v", emailed, srv.loginsSeen())
			}
			f.svc.Mail.roots = roots
			f.runReminders()
			msgs := srv.messages()
			if len(msgs) != 1 || !msgs[0].tls || msgs[0].to[0] != learnerEmail {
				t.Fatalf("messages %+v", msgs)
			}
			if l := srv.loginsSeen(); len(l) != 1 || l[0] != "lms:口令 p@ss" {
				t.Errorf("logins %q", l)
			}
		})
	}
}
