package mailtest

import (
	"net"
	"strconv"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name, raw, subject, text, html string
	}{
		{
			"single part, no content type",
			"Subject: Hallo\r\n\r\nZeile\r\n",
			"Hallo", "Zeile\r\n", "",
		},
		{
			"base64 text, encoded subject",
			"Subject: =?UTF-8?b?2KXYrdin2YTYqQ==?=\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n2YXYsdit2KjYpw==\r\n",
			"إحالة", "مرحبا", "",
		},
		{
			"alternative inside mixed, quoted-printable",
			"Subject: x\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n--M\r\n" +
				"Content-Type: multipart/alternative; boundary=A\r\n\r\n--A\r\n" +
				"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe=\r\n!\r\n" +
				"--A\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p lang=3D\"de\">Gr=C3=BC=C3=9Fe</p>\r\n--A--\r\n" +
				"--M--\r\n",
			"x", "Grüße!", `<p lang="de">Grüße</p>`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parse([]byte(c.raw))
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != c.subject || got.Text != c.text || got.HTML != c.html {
				t.Errorf("parse = subject %q, text %q, html %q; want %q, %q, %q", got.Subject, got.Text, got.HTML, c.subject, c.text, c.html)
			}
		})
	}
}

func TestStopRefusesConnections(t *testing.T) {
	s := Start(t)
	h, p := s.Addr()
	addr := net.JoinHostPort(h, strconv.Itoa(p))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial running server: %v", err)
	}
	_ = c.Close()
	s.Stop()
	if c, err := net.Dial("tcp", addr); err == nil {
		_ = c.Close()
		t.Fatal("dial after Stop succeeded")
	}
	s.Restart()
	if h2, p2 := s.Addr(); h2 != h || p2 != p {
		t.Errorf("Restart moved to %s:%d from %s:%d", h2, p2, h, p)
	}
	c, err = net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial after Restart: %v", err)
	}
	_ = c.Close()
}
