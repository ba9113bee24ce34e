// Command podsecurity checks a multi-document Kubernetes manifest the way an API server would
// before admitting it, without a cluster:
//
//  1. every document is decoded STRICTLY into the official k8s.io/api type its apiVersion and
//     kind name, as the API server decodes a request with fieldValidation=Strict: YAML to JSON
//     with duplicate keys refused (sigs.k8s.io/yaml YAMLToJSONStrict), then sigs.k8s.io/json
//     UnmarshalStrict, which is case-sensitive. (sigs.k8s.io/yaml's own UnmarshalStrict goes
//     through encoding/json, which matches field names case-insensitively: it accepted
//     `readOnlyRootFileSystem` for `readOnlyRootFilesystem`, a typo the API server rejects.);
//  2. every pod template is evaluated by the official Pod Security admission library
//     (k8s.io/pod-security-admission: the checks the PodSecurity admission plugin runs) at the
//     "restricted" level, latest version;
//  3. and by the rules issue 20 adds on top of "restricted", which that level does not check: the
//     root file system read-only, and the writable volume mounted once (no subPath: two mounts of
//     one volume are two mounts, and link(2) between them fails with EXDEV, astral-sh/uv#11385),
//     an emptyDir with a size limit.
//
// Usage: podsecurity FILE. Prints one JSON report on stdout. Exit 0: every object decoded and no
// violation; 1: violations; 2: a document that does not decode (or cannot be read).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Violation is one rule a pod template breaks.
type Violation struct {
	Object string `json:"object"`
	// Source: "pod-security" (the admission library's check) or "one-mount" (issue 20's rules).
	Source string `json:"source"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// Report is what the command prints.
type Report struct {
	Objects    []string    `json:"objects"`
	Templates  int         `json:"podTemplates"`
	Violations []Violation `json:"violations"`
	Error      string      `json:"error,omitempty"`
}

// A decoded object and, when it runs pods, the pod template inside it.
type decoded struct {
	name     string
	metadata *metav1.ObjectMeta
	spec     *corev1.PodSpec
}

// withPods decodes a kind that runs pods, and points at its pod template.
func withPods[T any](kind string, parts func(*T) (string, *corev1.PodTemplateSpec)) func([]byte) (decoded, error) {
	return func(b []byte) (decoded, error) {
		var o T
		err := strict(b, &o)
		name, template := parts(&o)
		return decoded{kind + "/" + name, &template.ObjectMeta, &template.Spec}, err
	}
}

// without decodes a kind that runs no pods.
func without[T any](kind string, name func(*T) string) func([]byte) (decoded, error) {
	return func(b []byte) (decoded, error) {
		var o T
		err := strict(b, &o)
		return decoded{name: kind + "/" + name(&o)}, err
	}
}

// kinds maps "apiVersion kind" to a decoder into the official type.
var kinds = map[string]func([]byte) (decoded, error){
	"apps/v1 Deployment":  withPods("Deployment", func(o *appsv1.Deployment) (string, *corev1.PodTemplateSpec) { return o.Name, &o.Spec.Template }),
	"apps/v1 StatefulSet": withPods("StatefulSet", func(o *appsv1.StatefulSet) (string, *corev1.PodTemplateSpec) { return o.Name, &o.Spec.Template }),
	"apps/v1 DaemonSet":   withPods("DaemonSet", func(o *appsv1.DaemonSet) (string, *corev1.PodTemplateSpec) { return o.Name, &o.Spec.Template }),
	"batch/v1 Job":        withPods("Job", func(o *batchv1.Job) (string, *corev1.PodTemplateSpec) { return o.Name, &o.Spec.Template }),
	"batch/v1 CronJob": withPods("CronJob", func(o *batchv1.CronJob) (string, *corev1.PodTemplateSpec) {
		return o.Name, &o.Spec.JobTemplate.Spec.Template
	}),
	"v1 Pod": withPods("Pod", func(o *corev1.Pod) (string, *corev1.PodTemplateSpec) {
		return o.Name, &corev1.PodTemplateSpec{ObjectMeta: o.ObjectMeta, Spec: o.Spec}
	}),
	"v1 Service":        without("Service", func(o *corev1.Service) string { return o.Name }),
	"v1 ConfigMap":      without("ConfigMap", func(o *corev1.ConfigMap) string { return o.Name }),
	"v1 ServiceAccount": without("ServiceAccount", func(o *corev1.ServiceAccount) string { return o.Name }),
}

func main() {
	report := Report{Objects: []string{}, Violations: []Violation{}}
	code := run(os.Args[1:], &report)
	out, _ := json.MarshalIndent(report, "", "  ")
	fmt.Println(string(out))
	os.Exit(code)
}

func run(args []string, report *Report) int {
	if len(args) != 1 {
		report.Error = "usage: podsecurity FILE"
		return 2
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		report.Error = err.Error()
		return 2
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		report.Error = err.Error()
		return 2
	}
	restricted := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for n := 1; ; n++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			report.Error = fmt.Sprintf("document %d: %v", n, err)
			return 2
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		object, err := decode(doc)
		if err != nil {
			report.Error = fmt.Sprintf("document %d: %v", n, err)
			return 2
		}
		report.Objects = append(report.Objects, object.name)
		if object.spec == nil {
			continue
		}
		report.Templates++
		for _, result := range evaluator.EvaluatePod(restricted, object.metadata, object.spec) {
			if !result.Allowed {
				report.Violations = append(report.Violations, Violation{object.name, "pod-security", result.ForbiddenReason, result.ForbiddenDetail})
			}
		}
		report.Violations = append(report.Violations, oneMount(object.name, object.spec)...)
	}
	if len(report.Objects) == 0 {
		report.Error = "no object in the file"
		return 2
	}
	if len(report.Violations) > 0 {
		return 1
	}
	return 0
}

// strict decodes one YAML document into an official type: an unknown, misplaced (unknown where
// it is) or duplicated field, or a field named in another case, is an error.
func strict(doc []byte, into any) error {
	data, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return err
	}
	strictErrors, err := kjson.UnmarshalStrict(data, into)
	if err != nil {
		return err
	}
	return errors.Join(strictErrors...)
}

// decode reads apiVersion and kind, then decodes strictly into that kind's official type.
func decode(doc []byte) (decoded, error) {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return decoded{}, err
	}
	decoder, ok := kinds[meta.APIVersion+" "+meta.Kind]
	if !ok {
		return decoded{}, fmt.Errorf("apiVersion %q kind %q is not a type this check knows", meta.APIVersion, meta.Kind)
	}
	object, err := decoder(doc)
	if err != nil {
		return decoded{}, fmt.Errorf("%s %s: %v", meta.APIVersion, meta.Kind, err)
	}
	return object, nil
}

// stripComments drops comment-only lines, so that a document of comments counts as empty.
func stripComments(doc []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.Split(doc, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			out.Write(line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// oneMount: what "restricted" leaves out and issue 20 requires of every container.
func oneMount(object string, spec *corev1.PodSpec) []Violation {
	var found []Violation
	add := func(reason, detail string) { found = append(found, Violation{object, "one-mount", reason, detail}) }
	emptyDirs := map[string]bool{}
	for _, v := range spec.Volumes {
		if v.EmptyDir != nil {
			emptyDirs[v.Name] = true
			if v.EmptyDir.SizeLimit == nil {
				add("emptyDir without sizeLimit", fmt.Sprintf("volume %q: a node's disk is shared; give it a sizeLimit", v.Name))
			}
		}
	}
	containers := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for _, c := range containers {
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			add("root file system writable", fmt.Sprintf("container %q must set securityContext.readOnlyRootFilesystem=true", c.Name))
		}
		mounted := map[string]int{}
		for _, m := range c.VolumeMounts {
			mounted[m.Name]++
			if m.SubPath != "" || m.SubPathExpr != "" {
				add("subPath mount", fmt.Sprintf("container %q mounts %q at %s with a subPath: a separate mount, and link(2) across it fails with EXDEV (astral-sh/uv#11385)", c.Name, m.Name, m.MountPath))
			}
		}
		for name, count := range mounted {
			if count > 1 && emptyDirs[name] {
				add("volume mounted more than once", fmt.Sprintf("container %q mounts %q %d times: each is its own mount, and uv cannot link across them", c.Name, name, count))
			}
		}
	}
	return found
}
