package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/loadtest"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// benchSender is one anonymous client of the online benchmark with its
// conversations (each written by this sender only, so numbers never clash).
type benchSender struct {
	id, cookie, csrf string
	convs            []benchConversation
	next             int
}

type benchConversation struct {
	id  string
	key []byte
	seq int
}

var csrfAttr = regexp.MustCompile(`data-csrf="([^"]+)"`)

// runOnlineBench opens conversations (spread over senders anonymous
// clients, made as browsers make them) and measures sending a message,
// encrypted beforehand, from every sender at once against /healthz.
func runOnlineBench(ctx context.Context, cfg config.Config, conversations int, o loadtest.Options, out io.Writer) error {
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.LoadDemoScale(ctx, 1); err != nil {
		return err
	}
	base, stop, err := a.serveLoopback(ctx)
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	senders, err := a.benchSenders(ctx, base, o.Concurrency, conversations)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "engine %s; %d open conversations of %d anonymous clients ready in %s; %d concurrent senders, %s\n\n%s\n",
		a.DB.Dialect(), conversations, len(senders), time.Since(start).Round(time.Second), o.Concurrency, o.Duration, loadtest.Header)
	trivial := loadtest.Run(ctx, "trivial (/healthz)", []string{base + "/healthz"}, o)
	fmt.Fprintln(out, trivial.Row())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency}}
	send := loadtest.RunWorkers(ctx, "online message send", o, func(w int, begin func()) bool {
		return senders[w].send(client, base, begin)
	})
	fmt.Fprintln(out, send.Row())
	verdict := "met"
	if send.P95 > 100*time.Millisecond || send.Errors > 0 {
		verdict = "NOT met"
	}
	fmt.Fprintf(out, "%-28s p95 %-9s (target ≤ 100ms: %s), %5.1f%% of trivial throughput\n", send.Name,
		send.P95.Round(10*time.Microsecond), verdict, 100*send.RPS/max(trivial.RPS, 1))
	return nil
}

// benchSenders signs up n clients and opens their share of conversations
// through the store (routing, keys and first message as from a browser).
func (a *App) benchSenders(ctx context.Context, base string, n, conversations int) ([]*benchSender, error) {
	csrfCookie, token, err := onlineCSRF(base)
	if err != nil {
		return nil, err
	}
	out := make([]*benchSender, n)
	for i := range out {
		me, err := asbrowser.SignUp(ctx, a.Online, fmt.Sprintf("Bench %d %d", time.Now().UnixNano()%1e6, i), DemoOnlinePassword, "de")
		if err != nil {
			return nil, err
		}
		_, session, err := a.Online.Login(ctx, me.Nickname, me.Auth)
		if err != nil {
			return nil, err
		}
		s := &benchSender{id: me.ID, csrf: token, cookie: csrfCookie + "; kmn_online=" + session}
		e := online.Enquiry{Topic: "residence_law", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "ar"}
		for j := i; j < conversations; j += n {
			id, key, err := asbrowser.Start(ctx, a.Online, me, e, "Bench")
			if err != nil {
				return nil, err
			}
			s.convs = append(s.convs, benchConversation{id: id, key: key, seq: 1})
		}
		out[i] = s
	}
	return out, nil
}

// send posts the next message of the sender's next conversation.
func (s *benchSender) send(client *http.Client, base string, begin func()) bool {
	if len(s.convs) == 0 {
		begin()
		return false
	}
	c := &s.convs[s.next%len(s.convs)]
	s.next++
	body, err := e2e.EncryptMessage(c.key, c.id, 1, c.seq+1, s.id, "Eine Nachricht für den Lasttest.")
	if err != nil {
		begin()
		return false
	}
	payload, _ := json.Marshal(map[string]any{"seq": c.seq + 1, "epoch": 1, "body": body})
	req, _ := http.NewRequest("POST", base+"/online-client/api/c/"+c.id+"/messages", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", s.csrf)
	req.Header.Set("Cookie", s.cookie)
	begin()
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode == http.StatusCreated {
		c.seq++
	}
	return res.StatusCode == http.StatusCreated
}

// onlineCSRF fetches a CSRF cookie and its token from a public page.
func onlineCSRF(base string) (cookie, token string, err error) {
	res, err := http.Get(base + "/de/online/signup")
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	m := csrfAttr.FindSubmatch(b)
	if m == nil || len(res.Cookies()) == 0 {
		return "", "", fmt.Errorf("bench: no CSRF token on the sign-up page")
	}
	for _, c := range res.Cookies() {
		cookie += c.Name + "=" + c.Value + "; "
	}
	return cookie[:len(cookie)-2], string(m[1]), nil
}
