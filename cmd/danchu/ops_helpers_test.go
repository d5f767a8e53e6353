package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// waitLong bounds every wait of these tests: generous, since machines are
// noisy; no test asserts how long anything took.
const waitLong = 2 * time.Minute

// webhookSecret is the secret the tests' webhooks use.
const testWebhookSecret = "test-webhook-secret_42"

// rrProxy is a small round-robin reverse proxy on loopback: the load
// balancer in front of the replicas. Telegram (the simulator) posts to it.
type rrProxy struct {
	URL string

	mu       sync.Mutex
	backends []string // host:port
	next     int
	posts    map[string]int // backend → requests sent to it
}

func newProxy(t *testing.T) *rrProxy {
	t.Helper()
	p := &rrProxy{posts: map[string]int{}}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			backend, _ := pr.In.Context().Value(backendKey{}).(string)
			pr.SetURL(&url.URL{Scheme: "http", Host: backend})
		},
		// A replica that is down or stopping: Telegram sends again later.
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, "bad gateway", http.StatusBadGateway)
		},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		backend := p.pick()
		if backend == "" {
			http.Error(w, "no backend", http.StatusServiceUnavailable)
			return
		}
		rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), backendKey{}, backend)))
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

type backendKey struct{}

// SetBackends replaces the replicas behind the proxy.
func (p *rrProxy) SetBackends(addrs ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.backends = append([]string(nil), addrs...)
}

func (p *rrProxy) pick() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.backends) == 0 {
		return ""
	}
	b := p.backends[p.next%len(p.backends)]
	p.next++
	p.posts[b]++
	return b
}

// Posts is how many requests went to backend.
func (p *rrProxy) Posts(backend string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.posts[backend]
}

// webhookEnv adds to env what webhook mode needs, with the proxy as the
// public URL and the HTTP server on a free loopback port.
func webhookEnv(env map[string]string, p *rrProxy) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	out["DANCHU_HTTP_ADDR"] = "127.0.0.1:0"
	out["DANCHU_WEBHOOK_URL"] = p.URL + "/telegram/webhook"
	out["DANCHU_WEBHOOK_SECRET"] = testWebhookSecret
	return out
}

// replica is the program running as a child process (the test binary
// re-executed, see TestMain), logging JSON to a buffer.
type replica struct {
	Name string
	Addr string // its operators' HTTP server
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{} // closed once the process has exited
	err  error         // Wait's error, after done
}

// startReplica starts the program with env and returns once it is serving.
func startReplica(t *testing.T, name string, env map[string]string) *replica {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), "DANCHU_E2E_CHILD=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	// JSON at info at least, so that the test reads the started line's
	// address.
	cmd.Env = append(cmd.Env, "DANCHU_LOG_FORMAT=json")
	if env["DANCHU_LOG_LEVEL"] != "debug" {
		cmd.Env = append(cmd.Env, "DANCHU_LOG_LEVEL=info")
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	r := &replica{Name: name, cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(r.log, line)
			var rec struct {
				Msg  string `json:"msg"`
				HTTP string `json:"http"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "danchu started" {
				select {
				case started <- rec.HTTP:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		r.err = cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = cmd.Process.Kill()
			<-r.done
		}
		if t.Failed() {
			t.Logf("log of %s:\n%s", name, r.log)
		}
	})
	select {
	case r.Addr = <-started:
	case <-r.done:
		t.Fatalf("%s exited before serving (%v):\n%s", name, r.err, r.log)
	case <-time.After(waitLong):
		// Its goroutines' stacks say where it is stuck.
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
		}
		t.Fatalf("%s did not start:\n%s", name, r.log)
	}
	return r
}

// Terminate sends SIGTERM, as Kubernetes and systemd do, and returns the
// exit code once the process has ended.
func (r *replica) Terminate(t *testing.T) int {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM %s: %v", r.Name, err)
	}
	select {
	case <-r.done:
	case <-time.After(waitLong):
		t.Fatalf("%s did not exit after SIGTERM:\n%s", r.Name, r.log)
	}
	var exit *exec.ExitError
	if r.err != nil && !errors.As(r.err, &exit) {
		t.Fatalf("%s: %v", r.Name, r.err)
	}
	return r.cmd.ProcessState.ExitCode()
}

// scrape reads /metrics at addr, as Prometheus does.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics: %s\n%s", resp.Status, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v", err)
	}
	return fams
}

// metricSum adds the values of the series of name whose labels include
// want: a counter's or gauge's value, a histogram's count. ok is false when
// no series matches.
func metricSum(fams map[string]*dto.MetricFamily, name string, want map[string]string) (sum float64, ok bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		ok = true
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			sum += m.Untyped.GetValue()
		}
	}
	return sum, ok
}

// get does a GET and returns the status and body.
func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// postUpdate posts body to the webhook at u with the secret header (none
// when secret is "") and returns the status.
func postUpdate(t *testing.T, u, secret string, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, u, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// eventually waits until ok, failing after waitLong.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tcpRelay forwards a local port to target (Redis), so that a test can cut
// the program off from it while the program runs.
type tcpRelay struct {
	Addr string
	ln   net.Listener

	mu    sync.Mutex
	conns []net.Conn
	cut   bool
}

func newTCPRelay(t *testing.T, target string) *tcpRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &tcpRelay{Addr: ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			r.mu.Lock()
			if r.cut {
				r.mu.Unlock()
				c.Close()
				up.Close()
				continue
			}
			r.conns = append(r.conns, c, up)
			r.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(r.Cut)
	return r
}

// Cut closes the port and every connection through it.
func (r *tcpRelay) Cut() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cut = true
	r.ln.Close()
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}
