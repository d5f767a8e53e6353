package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"danchu"
	"danchu/secret"
)

// The Kubernetes objects of deploy.yaml, as far as the test reads them.
type (
	k8sObject struct {
		Kind     string `yaml:"kind"`
		Metadata struct {
			Name      string `yaml:"name"`
			Namespace string `yaml:"namespace"`
		} `yaml:"metadata"`
		StringData map[string]string `yaml:"stringData"`
		Data       map[string]string `yaml:"data"`
		Spec       k8sSpec           `yaml:"spec"`
	}
	k8sSpec struct {
		Replicas    int           `yaml:"replicas"`
		Selector    labelSelector `yaml:"selector"` // Deployment, StatefulSet, PodDisruptionBudget
		ServiceName string        `yaml:"serviceName"`
		Template    podTemplate   `yaml:"template"`
		// Service
		Ports []servicePort `yaml:"ports"`
		// Ingress
		TLS []struct {
			Hosts      []string `yaml:"hosts"`
			SecretName string   `yaml:"secretName"`
		} `yaml:"tls"`
		Rules []struct {
			Host string `yaml:"host"`
			HTTP struct {
				Paths []struct {
					Path    string `yaml:"path"`
					Backend struct {
						Service struct {
							Name string `yaml:"name"`
							Port struct {
								Name   string `yaml:"name"`
								Number int    `yaml:"number"`
							} `yaml:"port"`
						} `yaml:"service"`
					} `yaml:"backend"`
				} `yaml:"paths"`
			} `yaml:"http"`
		} `yaml:"rules"`
		// PodDisruptionBudget
		MinAvailable int `yaml:"minAvailable"`
	}
	podTemplate struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Spec podSpec `yaml:"spec"`
	}
	// labelSelector reads both a workload's {matchLabels: ...} and a
	// Service's plain map.
	labelSelector map[string]string
	servicePort   struct {
		Name       string    `yaml:"name"`
		Port       int       `yaml:"port"`
		TargetPort yaml.Node `yaml:"targetPort"`
	}
	podSpec struct {
		TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
		SecurityContext               struct {
			RunAsNonRoot bool  `yaml:"runAsNonRoot"`
			RunAsUser    int64 `yaml:"runAsUser"`
		} `yaml:"securityContext"`
		Containers []container `yaml:"containers"`
		Volumes    []struct {
			Name      string `yaml:"name"`
			ConfigMap *struct {
				Name string `yaml:"name"`
			} `yaml:"configMap"`
		} `yaml:"volumes"`
	}
	container struct {
		Name    string   `yaml:"name"`
		Image   string   `yaml:"image"`
		Command []string `yaml:"command"`
		Args    []string `yaml:"args"`
		Ports   []struct {
			Name          string `yaml:"name"`
			ContainerPort int    `yaml:"containerPort"`
		} `yaml:"ports"`
		Env []struct {
			Name      string `yaml:"name"`
			Value     string `yaml:"value"`
			ValueFrom *struct {
				SecretKeyRef *struct {
					Name string `yaml:"name"`
					Key  string `yaml:"key"`
				} `yaml:"secretKeyRef"`
			} `yaml:"valueFrom"`
		} `yaml:"env"`
		LivenessProbe  *probe `yaml:"livenessProbe"`
		ReadinessProbe *probe `yaml:"readinessProbe"`
		Resources      struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		SecurityContext struct {
			AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
			ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
			Capabilities             struct {
				Drop []string `yaml:"drop"`
			} `yaml:"capabilities"`
		} `yaml:"securityContext"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
	}
	probe struct {
		HTTPGet *struct {
			Path string    `yaml:"path"`
			Port yaml.Node `yaml:"port"`
		} `yaml:"httpGet"`
	}
)

func (s *labelSelector) UnmarshalYAML(n *yaml.Node) error {
	var m struct {
		MatchLabels map[string]string `yaml:"matchLabels"`
	}
	if err := n.Decode(&m); err == nil && m.MatchLabels != nil {
		*s = m.MatchLabels
		return nil
	}
	var plain map[string]string
	if err := n.Decode(&plain); err != nil {
		return err
	}
	*s = plain
	return nil
}

// deployment is deploy.yaml, read.
type deployment struct {
	objects []k8sObject
}

func mustReadDeploy(t *testing.T) *deployment {
	t.Helper()
	f, err := os.Open("../../deploy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := &deployment{}
	dec := yaml.NewDecoder(f)
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("deploy.yaml: %v", err)
		}
		if o.Kind != "" {
			d.objects = append(d.objects, o)
		}
	}
	return d
}

// one returns the object of this kind and name, failing when there is none.
func (d *deployment) one(t *testing.T, kind, name string) *k8sObject {
	t.Helper()
	for i := range d.objects {
		if d.objects[i].Kind == kind && d.objects[i].Metadata.Name == name {
			return &d.objects[i]
		}
	}
	t.Fatalf("deploy.yaml has no %s %q", kind, name)
	return nil
}

func (d *deployment) all(kind string) []*k8sObject {
	var out []*k8sObject
	for i := range d.objects {
		if d.objects[i].Kind == kind {
			out = append(out, &d.objects[i])
		}
	}
	return out
}

// env is the container's environment with each secret replaced by a value
// of the right form for the variable, and the secrets it reads.
func (c *container) env(t *testing.T) (env map[string]string, secrets map[string]string) {
	t.Helper()
	// What the Secret holds, in the form the program wants.
	sample := map[string]string{
		"DANCHU_TELEGRAM_TOKEN": "123456:TEST-TOKEN",
		"DANCHU_DATABASE_URL":   "postgres://danchu:pw@postgres:5432/danchu?sslmode=disable",
		"DANCHU_REDIS_URL":      "redis://:pw@redis:6379/0",
		"DANCHU_SECRET_KEY":     "dGVzdC1rZXktdGhhdC1pcy0zMi1ieXRlcy1sb25nISE=",
		"DANCHU_WEBHOOK_SECRET": "0123456789abcdef",
		"POSTGRES_PASSWORD":     "pw",
		"REDIS_PASSWORD":        "pw",
	}
	env, secrets = map[string]string{}, map[string]string{}
	for _, e := range c.Env {
		if _, dup := env[e.Name]; dup {
			t.Errorf("container %s sets %s twice", c.Name, e.Name)
		}
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			secrets[ref.Name+"/"+ref.Key] = e.Name
			v, ok := sample[e.Name]
			if !ok {
				t.Errorf("container %s: %s comes from a secret the test has no sample for", c.Name, e.Name)
			}
			env[e.Name] = v
		case e.ValueFrom != nil:
			t.Errorf("container %s: %s comes from something other than a secret", c.Name, e.Name)
		default:
			env[e.Name] = e.Value
		}
	}
	return env, secrets
}

// port resolves a probe's or a Service's port (a number or a port name) to
// the container's port number.
func (c *container) port(t *testing.T, n yaml.Node) int {
	t.Helper()
	if p, err := strconv.Atoi(n.Value); err == nil {
		return p
	}
	for _, p := range c.Ports {
		if p.Name == n.Value {
			return p.ContainerPort
		}
	}
	t.Errorf("container %s has no port named %q", c.Name, n.Value)
	return -1
}

// programConfig reads env as the program does, for command.
func programConfig(t *testing.T, command string, env map[string]string) (Config, error) {
	t.Helper()
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }}
	if err := m.ParseFlags(t.Context(), []string{command}); err != nil {
		return Config{}, err
	}
	return m.Config, nil
}

func isOption(env string) bool {
	return slices.ContainsFunc(options, func(o option) bool { return o.env == env })
}

// deploy.yaml agrees with the program: every DANCHU_* variable it sets is
// one the program has, and the program takes their values; the port, the
// probes, the Service, the Ingress, the webhook's host and the Secret's keys
// name each other; the pods run as non-root on a read-only root; the
// settings file is one the program loads.
func TestDeployYAMLAgreesWithTheProgram(t *testing.T) {
	d := mustReadDeploy(t)
	ns := d.one(t, "Namespace", "danchu").Metadata.Name
	dep := d.one(t, "Deployment", "danchu")
	pod := dep.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("the Deployment has %d containers, want 1", len(pod.Containers))
	}
	app := &pod.Containers[0]
	env, secretRefs := app.env(t)
	// The program reads the settings file at the path the ConfigMap is
	// mounted on: here, a copy of the ConfigMap's file.
	cm := d.one(t, "ConfigMap", "danchu-settings")
	settingsPath := env["DANCHU_SETTINGS"]
	copied := filepath.Join(t.TempDir(), "settings.yaml")
	if err := os.WriteFile(copied, []byte(cm.Data[path.Base(settingsPath)]), 0o600); err != nil {
		t.Fatal(err)
	}
	env["DANCHU_SETTINGS"] = copied
	cfg, err := programConfig(t, "serve", env)
	if err != nil {
		t.Fatalf("the program refuses the Deployment's environment: %v", err)
	}
	_, httpPort, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		t.Fatal(err)
	}
	webhook, err := url.Parse(cfg.WebhookURL)
	if err != nil {
		t.Fatal(err)
	}
	secretObj := d.one(t, "Secret", "danchu")
	svc := d.one(t, "Service", "danchu")
	ing := d.one(t, "Ingress", "danchu")

	t.Run("every object is in the namespace", func(t *testing.T) {
		for _, o := range d.objects {
			if o.Kind != "Namespace" && o.Metadata.Namespace != ns {
				t.Errorf("%s %s is in namespace %q, want %q", o.Kind, o.Metadata.Name, o.Metadata.Namespace, ns)
			}
		}
	})

	t.Run("webhook mode with three replicas on PostgreSQL and Redis", func(t *testing.T) {
		if dep.Spec.Replicas != 3 {
			t.Errorf("replicas %d, want 3", dep.Spec.Replicas)
		}
		for name, want := range map[string]string{"DANCHU_NO_MIGRATE": "true", "DANCHU_LOG_FORMAT": "json"} {
			if env[name] != want {
				t.Errorf("%s=%q, want %q", name, env[name], want)
			}
		}
		if cfg.WebhookURL == "" || cfg.WebhookSecret == "" || cfg.RedisURL == "" || cfg.UseSimulator() {
			t.Errorf("not webhook mode with a token and Redis: %+v", cfg)
		}
		if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") {
			t.Errorf("database %q is not PostgreSQL", cfg.DatabaseURL)
		}
	})

	t.Run("every DANCHU variable is a setting of the program", func(t *testing.T) {
		for _, c := range d.containers() {
			for _, e := range c.Env {
				if strings.HasPrefix(e.Name, "DANCHU_") && !isOption(e.Name) {
					t.Errorf("container %s sets %s, which the program does not know", c.Name, e.Name)
				}
			}
		}
	})

	t.Run("the container port is DANCHU_HTTP_ADDR's and the probes use it", func(t *testing.T) {
		if len(app.Ports) != 1 || strconv.Itoa(app.Ports[0].ContainerPort) != httpPort {
			t.Errorf("container ports %+v, want one with %s (DANCHU_HTTP_ADDR=%s)", app.Ports, httpPort, cfg.HTTPAddr)
		}
		for name, pr := range map[string]struct {
			p    *probe
			path string
		}{"liveness": {app.LivenessProbe, "/healthz"}, "readiness": {app.ReadinessProbe, "/readyz"}} {
			if pr.p == nil || pr.p.HTTPGet == nil {
				t.Errorf("no %s probe over HTTP", name)
				continue
			}
			if pr.p.HTTPGet.Path != pr.path || strconv.Itoa(app.port(t, pr.p.HTTPGet.Port)) != httpPort {
				t.Errorf("%s probe GET %s on %s, want %s on %s", name, pr.p.HTTPGet.Path, pr.p.HTTPGet.Port.Value, pr.path, httpPort)
			}
		}
	})

	t.Run("the Service targets the pods' port", func(t *testing.T) {
		if !matches(map[string]string(svc.Spec.Selector), dep.Spec.Template.Metadata.Labels) {
			t.Errorf("the Service selects %v, the pods have %v", svc.Spec.Selector, dep.Spec.Template.Metadata.Labels)
		}
		if len(svc.Spec.Ports) != 1 {
			t.Fatalf("the Service has %d ports, want 1", len(svc.Spec.Ports))
		}
		if target := svc.Spec.Ports[0].TargetPort; strconv.Itoa(app.port(t, target)) != httpPort {
			t.Errorf("the Service targets %s, not %s", target.Value, httpPort)
		}
	})

	t.Run("the Ingress serves the webhook's host and path with TLS", func(t *testing.T) {
		if len(ing.Spec.Rules) != 1 || len(ing.Spec.Rules[0].HTTP.Paths) != 1 {
			t.Fatalf("want one rule with one path (only the webhook is public): %+v", ing.Spec.Rules)
		}
		rule := ing.Spec.Rules[0]
		p := rule.HTTP.Paths[0]
		if rule.Host != webhook.Hostname() || p.Path != webhook.Path {
			t.Errorf("the Ingress serves %s%s, the webhook is %s", rule.Host, p.Path, cfg.WebhookURL)
		}
		if webhook.Scheme != "https" {
			t.Errorf("the webhook %s is not https", cfg.WebhookURL)
		}
		backend := p.Backend.Service
		if backend.Name != svc.Metadata.Name {
			t.Errorf("the Ingress's backend is %q, the Service %q", backend.Name, svc.Metadata.Name)
		}
		if !slices.ContainsFunc(svc.Spec.Ports, func(sp servicePort) bool {
			return (backend.Port.Name != "" && sp.Name == backend.Port.Name) || (backend.Port.Number != 0 && sp.Port == backend.Port.Number)
		}) {
			t.Errorf("the Ingress's backend port %+v is not a port of the Service", backend.Port)
		}
		if len(ing.Spec.TLS) != 1 || !slices.Contains(ing.Spec.TLS[0].Hosts, rule.Host) || ing.Spec.TLS[0].SecretName == "" {
			t.Errorf("no TLS for %s: %+v", rule.Host, ing.Spec.TLS)
		}
	})

	t.Run("every secret referenced exists", func(t *testing.T) {
		for _, c := range d.containers() {
			_, refs := c.env(t)
			for ref, name := range refs {
				secretName, key, _ := strings.Cut(ref, "/")
				if secretName != secretObj.Metadata.Name {
					t.Errorf("container %s: %s reads the Secret %q, which deploy.yaml does not have", c.Name, name, secretName)
				} else if _, ok := secretObj.StringData[key]; !ok {
					t.Errorf("container %s: %s reads the key %q, which the Secret does not have", c.Name, name, key)
				}
			}
		}
		for _, key := range []string{"telegram-token", "database-url", "redis-url", "secret-key", "webhook-secret"} {
			if _, ok := secretRefs[secretObj.Metadata.Name+"/"+key]; !ok {
				t.Errorf("the Deployment does not read the Secret's %s", key)
			}
		}
	})

	t.Run("the Secret's placeholders cannot run", func(t *testing.T) {
		placeholders := map[string]string{}
		for k, v := range env {
			placeholders[k] = v
		}
		placeholders["DANCHU_TELEGRAM_TOKEN"] = secretObj.StringData["telegram-token"]
		placeholders["DANCHU_WEBHOOK_SECRET"] = secretObj.StringData["webhook-secret"]
		placeholders["DANCHU_REDIS_URL"] = secretObj.StringData["redis-url"]
		if _, err := programConfig(t, "serve", placeholders); err == nil {
			t.Errorf("the program takes the Secret's placeholders")
		}
		if _, err := secret.ParseKey(secretObj.StringData["secret-key"]); err == nil {
			t.Errorf("the secret key's placeholder is a key")
		}
		if _, err := url.Parse(secretObj.StringData["database-url"]); err == nil {
			t.Errorf("the database URL's placeholder is a URL")
		}
	})

	t.Run("the database and Redis URLs name the Services of the StatefulSets", func(t *testing.T) {
		for key, name := range map[string]string{"database-url": "postgres", "redis-url": "redis"} {
			// The placeholders are not URLs: read the host after the '@'.
			_, hostPort, _ := strings.Cut(secretObj.StringData[key], "@")
			host, _, _ := strings.Cut(hostPort, ":")
			if host != name {
				t.Errorf("%s names host %q, want the Service %q", key, host, name)
			}
			d.one(t, "Service", name)
			if sts := d.one(t, "StatefulSet", name); sts.Spec.ServiceName != name {
				t.Errorf("the StatefulSet %s has serviceName %q", name, sts.Spec.ServiceName)
			}
		}
	})

	t.Run("the settings file is mounted where DANCHU_SETTINGS says and loads", func(t *testing.T) {
		dir, file := path.Split(settingsPath)
		data, ok := cm.Data[file]
		if !ok {
			t.Fatalf("the ConfigMap has no %s (DANCHU_SETTINGS=%s)", file, settingsPath)
		}
		mounted := false
		for _, m := range app.VolumeMounts {
			for _, v := range pod.Volumes {
				if v.Name == m.Name && v.ConfigMap != nil && v.ConfigMap.Name == cm.Metadata.Name && path.Clean(m.MountPath) == path.Clean(dir) {
					mounted = true
				}
			}
		}
		if !mounted {
			t.Errorf("the ConfigMap %s is not mounted at %s", cm.Metadata.Name, dir)
		}
		if _, err := danchu.ParseSettings([]byte(data), "deploy.yaml"); err != nil {
			t.Errorf("the settings in the ConfigMap do not load: %v", err)
		}
	})

	t.Run("the migration Job runs danchu migrate with the same image", func(t *testing.T) {
		jobs := d.all("Job")
		if len(jobs) != 1 {
			t.Fatalf("%d Jobs, want 1", len(jobs))
		}
		job := jobs[0]
		c := job.Spec.Template.Spec.Containers[0]
		if c.Image != app.Image {
			t.Errorf("the Job runs %s, the Deployment %s", c.Image, app.Image)
		}
		_, tag, _ := strings.Cut(app.Image[strings.LastIndex(app.Image, "/")+1:], ":")
		if want := "danchu-migrate-" + strings.ReplaceAll(tag, ".", "-"); job.Metadata.Name != want {
			t.Errorf("the Job is %s, want %s: one Job per version", job.Metadata.Name, want)
		}
		if len(c.Command) != 0 || !slices.Equal(c.Args, []string{"migrate"}) {
			t.Errorf("the Job runs %v %v, want the image's entrypoint with migrate", c.Command, c.Args)
		}
		if len(app.Command) != 0 || !slices.Equal(app.Args, []string{"serve"}) {
			t.Errorf("the Deployment runs %v %v, want the image's entrypoint with serve", app.Command, app.Args)
		}
		jenv, _ := c.env(t)
		if _, err := programConfig(t, "migrate", jenv); err != nil {
			t.Errorf("the program refuses the Job's environment: %v", err)
		}
	})

	t.Run("pods run as non-root on a read-only root with resources", func(t *testing.T) {
		for _, w := range append(append(d.all("Deployment"), d.all("Job")...), d.all("StatefulSet")...) {
			ps := w.Spec.Template.Spec
			if !ps.SecurityContext.RunAsNonRoot || ps.SecurityContext.RunAsUser == 0 {
				t.Errorf("%s %s: not run as a non-root user", w.Kind, w.Metadata.Name)
			}
			for _, c := range ps.Containers {
				sc := c.SecurityContext
				if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || !slices.Equal(sc.Capabilities.Drop, []string{"ALL"}) {
					t.Errorf("%s %s: container %s may gain privileges", w.Kind, w.Metadata.Name, c.Name)
				}
				if c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
					t.Errorf("%s %s: container %s has no memory request and limit", w.Kind, w.Metadata.Name, c.Name)
				}
				// PostgreSQL writes beside its data; the others need no
				// writable root.
				if w.Metadata.Name != "postgres" && !sc.ReadOnlyRootFilesystem {
					t.Errorf("%s %s: container %s has a writable root filesystem", w.Kind, w.Metadata.Name, c.Name)
				}
			}
		}
		if uid := pod.SecurityContext.RunAsUser; uid != dockerUser(t) {
			t.Errorf("the Deployment runs as %d, the image's user is %d", uid, dockerUser(t))
		}
	})

	t.Run("Kubernetes waits longer than the program's grace", func(t *testing.T) {
		if grace := time.Duration(pod.TerminationGracePeriodSeconds) * time.Second; grace <= cfg.ShutdownGrace {
			t.Errorf("terminationGracePeriodSeconds %s is not more than DANCHU_SHUTDOWN_GRACE %s", grace, cfg.ShutdownGrace)
		}
	})

	t.Run("the disruption budget keeps most replicas", func(t *testing.T) {
		pdb := d.one(t, "PodDisruptionBudget", "danchu")
		if !matches(map[string]string(pdb.Spec.Selector), dep.Spec.Template.Metadata.Labels) {
			t.Errorf("the budget selects %v, the pods have %v", pdb.Spec.Selector, dep.Spec.Template.Metadata.Labels)
		}
		if pdb.Spec.MinAvailable < 1 || pdb.Spec.MinAvailable >= dep.Spec.Replicas {
			t.Errorf("minAvailable %d of %d replicas: a drain must be possible and leave some", pdb.Spec.MinAvailable, dep.Spec.Replicas)
		}
	})
}

// containers lists every container of every workload.
func (d *deployment) containers() []*container {
	var out []*container
	for i := range d.objects {
		cs := d.objects[i].Spec.Template.Spec.Containers
		for j := range cs {
			out = append(out, &cs[j])
		}
	}
	return out
}

// matches reports whether labels has every pair of selector.
func matches(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// dockerfile reads the Dockerfile's instructions of the final stage.
func dockerfile(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stage map[string][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		word = strings.ToUpper(word)
		if word == "FROM" {
			stage = map[string][]string{}
		}
		if stage != nil {
			stage[word] = append(stage[word], strings.TrimSpace(rest))
		}
	}
	return stage
}

// dockerUser is the numeric user of the image.
func dockerUser(t *testing.T) int64 {
	t.Helper()
	users := dockerfile(t)["USER"]
	if len(users) != 1 {
		t.Fatalf("the final stage has USER %v, want one", users)
	}
	uid, _, _ := strings.Cut(users[0], ":")
	n, err := strconv.ParseInt(uid, 10, 64)
	if err != nil {
		t.Fatalf("USER %s is not numeric: Kubernetes checks runAsNonRoot only on numbers", users[0])
	}
	return n
}

// The Dockerfile builds a static binary with CGO off and runs it as a
// non-root user from a distroless base, with the entrypoint the Kubernetes
// objects rely on (they pass only the command: serve, migrate).
func TestDockerfile(t *testing.T) {
	final := dockerfile(t)
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, want := range []string{"CGO_ENABLED=0", "-o /out/danchu ./cmd/danchu", "COPY --from=build /out/danchu /usr/local/bin/danchu"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	if from := final["FROM"]; len(from) != 1 || !strings.HasPrefix(from[0], "gcr.io/distroless/static") {
		t.Errorf("the final stage is FROM %v, want distroless static", from)
	}
	if uid := dockerUser(t); uid == 0 {
		t.Errorf("the image runs as root")
	}
	if ep := final["ENTRYPOINT"]; len(ep) != 1 || ep[0] != `["/usr/local/bin/danchu"]` {
		t.Errorf("ENTRYPOINT %v, want the binary alone, so that args choose the command", ep)
	}
	if port := final["EXPOSE"]; len(port) != 1 {
		t.Errorf("EXPOSE %v", port)
	} else {
		d := mustReadDeploy(t)
		app := d.one(t, "Deployment", "danchu").Spec.Template.Spec.Containers[0]
		if len(app.Ports) == 0 || strconv.Itoa(app.Ports[0].ContainerPort) != port[0] {
			t.Errorf("the image exposes %s, the Deployment uses %+v", port[0], app.Ports)
		}
	}
}

// systemdUnit reads deploy/danchu.service: key → values, in order.
func systemdUnit(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("../../deploy/danchu.service")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Errorf("not a key=value line: %q", line)
			continue
		}
		keys[k] = append(keys[k], v)
	}
	return keys
}

// The systemd unit runs `danchu serve` with its state (the SQLite database
// and the key file beside it) in its StateDirectory, settings the program
// takes, a stop timeout longer than the grace, and hardening.
func TestSystemdUnit(t *testing.T) {
	unit := systemdUnit(t)
	one := func(key string) string {
		t.Helper()
		if len(unit[key]) != 1 {
			t.Fatalf("%s=%v, want one", key, unit[key])
		}
		return unit[key][0]
	}
	if got := one("ExecStart"); got != "/usr/local/bin/danchu serve" {
		t.Errorf("ExecStart=%s", got)
	}
	if one("EnvironmentFile") == "" {
		t.Errorf("no EnvironmentFile for the token")
	}
	env := map[string]string{"DANCHU_TELEGRAM_TOKEN": "123456:TEST-TOKEN"} // from the EnvironmentFile
	for _, line := range unit["Environment"] {
		k, v, _ := strings.Cut(line, "=")
		if !isOption(k) {
			t.Errorf("Environment=%s: the program has no %s", line, k)
		}
		env[k] = v
	}
	cfg, err := programConfig(t, "serve", env)
	if err != nil {
		t.Fatalf("the program refuses the unit's environment: %v", err)
	}
	state := "/var/lib/" + one("StateDirectory")
	if !strings.HasPrefix(cfg.DatabaseURL, "sqlite:"+state+"/") {
		t.Errorf("the database %s is not in the state directory %s (with its key file)", cfg.DatabaseURL, state)
	}
	if host, _, _ := net.SplitHostPort(cfg.HTTPAddr); cfg.HTTPAddr != "" && host != "127.0.0.1" {
		t.Errorf("the operators' server listens on %s: keep /metrics on loopback", cfg.HTTPAddr)
	}
	stop, err := time.ParseDuration(one("TimeoutStopSec"))
	if err != nil || stop <= cfg.ShutdownGrace {
		t.Errorf("TimeoutStopSec=%s is not more than DANCHU_SHUTDOWN_GRACE %s", one("TimeoutStopSec"), cfg.ShutdownGrace)
	}
	if one("DynamicUser") != "yes" && one("User") == "" {
		t.Errorf("runs as root")
	}
	for _, key := range []string{"NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices",
		"RestrictAddressFamilies", "SystemCallFilter", "CapabilityBoundingSet", "MemoryDenyWriteExecute"} {
		if len(unit[key]) == 0 {
			t.Errorf("no %s", key)
		}
	}
	if got := one("ProtectSystem"); got != "strict" {
		t.Errorf("ProtectSystem=%s, want strict", got)
	}
}
