/**
 * Issue 15's probes: objects the API server refuses were accepted. Each is refused now, with the
 * API server's words at the line, and is left out of the cluster.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../../build';
import { userView } from '../../testing';

const pod = (name: string, spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const errors = (text: string) => buildCluster(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.range.start.line]);
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('names the API server refuses', () => {
  it('refuses a Pod named Web_Server and leaves it out', () => {
    const text = pod('Web_Server', '  containers:\n  - name: web\n    image: nginx\n');
    expect(errors(text)).toEqual([['field-invalid', `The Pod "Web_Server" is invalid: metadata.name: Invalid value: "Web_Server": ${SUBDOMAIN}`, 4]]);
    expect(userView(buildCluster(text)).pods).toEqual([]);
  });

  it('refuses a container named "Main Container"', () => {
    expect(errors(pod('web', '  containers:\n  - name: Main Container\n    image: nginx\n'))).toEqual([
      ['field-invalid', `The Pod "web" is invalid: spec.containers[0].name: Invalid value: "Main Container": ${LABEL}`, 7],
    ]);
  });

  it('refuses container port names that are not IANA service names, each rule it breaks on its own line', () => {
    const text = pod('web', '  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n      name: http port too long name\n    - containerPort: 81\n      name: Bad_Name\n');
    expect(errors(text)).toEqual([
      ['field-invalid', 'The Pod "web" is invalid: spec.containers[0].ports[0].name: Invalid value: "http port too long name": must be no more than 15 characters', 11],
      ['field-invalid', 'The Pod "web" is invalid: spec.containers[0].ports[0].name: Invalid value: "http port too long name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 11],
      ['field-invalid', 'The Pod "web" is invalid: spec.containers[0].ports[1].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 13],
    ]);
  });

  it('refuses a Service named 1abc.def: a Service name is a DNS-1035 label', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1abc.def\nspec:\n  ports:\n  - port: 80\n';
    expect(errors(text)).toEqual([
      ['field-invalid', "The Service \"1abc.def\" is invalid: metadata.name: Invalid value: \"1abc.def\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')", 4],
    ]);
    expect(userView(buildCluster(text)).services).toEqual([]);
  });

  it('refuses a Service port name that is not a DNS label, and a named targetPort that is not an IANA name', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - name: Web_Port\n    port: 80\n    targetPort: web_http\n';
    expect(errors(text)).toEqual([
      ['service-port-name-invalid', `The Service "web" is invalid: spec.ports[0].name: Invalid value: "Web_Port": ${LABEL}`, 8],
      ['service-targetport-invalid', 'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 10],
    ]);
  });

  it('refuses label keys and values, pointing at the label\'s own line', () => {
    const text = pod('web', '  containers: [{name: web, image: nginx}]\n').replace('  name: web\n', '  name: web\n  labels:\n    app: web\n    bad key: "-x"\n');
    expect(errors(text)).toEqual([
      ['field-invalid', "The Pod \"web\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", 7],
      ['field-invalid', "The Pod \"web\" is invalid: metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", 7],
    ]);
  });

  it('quotes a bad value as Go does, control characters escaped', () => {
    const text = pod('"web\\u001b[2J"', '  containers: [{name: web, image: nginx}]\n');
    expect(errors(text)[0][1]).toBe(`The Pod "web\\x1b[2J" is invalid: metadata.name: Invalid value: "web\\x1b[2J": ${SUBDOMAIN}`);
  });
});

describe('field types, as the API\'s JSON decoding reports them', () => {
  const deployment = (replicas: string, containerPort: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        ports:\n        - containerPort: ${containerPort}\n`;

  it('refuses replicas: two instead of falling back to one replica', () => {
    const c = buildCluster(deployment('two', '80'));
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['wrong-type', 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32', 6],
    ]);
    expect(userView(c).pods).toEqual([]);
    expect(c.workloads.filter((w) => w.namespace === 'default')).toEqual([]);
  });

  it('refuses containerPort: "80", with the path from the root and the innermost struct', () => {
    expect(errors(deployment('2', '"80"'))).toEqual([
      ['wrong-type', 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32', 17],
    ]);
  });

  it('reports the first error in the sorted key order kubectl sends, not the YAML\'s order', () => {
    // spec.replicas sorts before spec.template: the decoder meets it first.
    expect(errors(deployment('two', '"80"')).map((e) => e[2])).toEqual([6]);
  });

  it('refuses nodePort: abc instead of allocating a node port', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: abc\n';
    expect(errors(text)).toEqual([
      ['wrong-type', 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.nodePort of type int32', 9],
    ]);
    expect(userView(buildCluster(text)).services).toEqual([]);
  });

  it('refuses a number as a label value, a list as a map, a string as a list, an int past int32', () => {
    const meta = (extra: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${extra}spec:\n  ports:\n  - port: 80\n`;
    expect(errors(meta('  labels:\n    version: 1\n'))[0][1]).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(errors(meta('  labels: [a]\n'))[0][1]).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    expect(errors(pod('web', '  containers: nginx\n'))[0][1]).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container');
    expect(errors(pod('web', '  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 3000000000\n'))[0].slice(0, 2)).toEqual(['not-an-integer', 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32']);
    expect(errors(pod('web', '  hostNetwork: "true"\n  containers: [{name: web, image: nginx}]\n'))[0][1]).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool');
  });

  it('takes a targetPort as a number or a name, and nothing else', () => {
    const svc = (targetPort: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: ${targetPort}\n`;
    expect(errors(svc('http'))).toEqual([]);
    expect(errors(svc('8080'))).toEqual([]);
    expect(errors(svc('true'))[0][1]).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32');
  });
});

describe('pod specs', () => {
  it('requires containers and images, and refuses duplicates the API server refuses', () => {
    expect(errors(pod('web', '  hostNetwork: false\n'))).toEqual([['field-required', 'The Pod "web" is invalid: spec.containers: Required value', 5]]);
    const text = pod('web', '  containers:\n  - name: a\n    ports:\n    - {containerPort: 80, hostPort: 8080}\n  - name: a\n    image: nginx\n    ports:\n    - {containerPort: 81, hostPort: 8080}\n');
    expect(errors(text)).toEqual([
      ['field-required', 'The Pod "web" is invalid: spec.containers[0].image: Required value', 7],
      ['field-duplicate', 'The Pod "web" is invalid: spec.containers[1].name: Duplicate value: "a"', 10],
      ['field-duplicate', 'The Pod "web" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"', 13],
    ]);
  });

  it('refuses a workload whose pods would not restart always', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      restartPolicy: Never\n      containers: [{name: web, image: nginx}]\n';
    expect(errors(text)).toEqual([['field-unsupported', 'The Deployment "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"', 12]]);
  });

  it('checks probe ports and Endpoints addresses', () => {
    const probe = pod('web', '  containers:\n  - name: web\n    image: nginx\n    readinessProbe:\n      httpGet: {port: 0}\n');
    expect(errors(probe)).toEqual([['field-invalid', 'The Pod "web" is invalid: spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive', 10]]);
    const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: out\nsubsets:\n- addresses:\n  - ip: 127.0.0.1\n  - ip: "1.2.3.4; touch /tmp/x"\n  ports:\n  - port: 80\n';
    expect(errors(endpoints)).toEqual([
      ['field-invalid', 'The Endpoints "out" is invalid: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)', 7],
      ['field-invalid', 'The Endpoints "out" is invalid: subsets[0].addresses[1].ip: Invalid value: "1.2.3.4; touch /tmp/x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)', 8],
      ['field-invalid', 'The Endpoints "out" is invalid: subsets[0].addresses[1].ip: Invalid value: "1.2.3.4; touch /tmp/x": must be a valid IP address', 8],
    ]);
  });
});

describe('addresses the API server accepts but an IPv4 cluster cannot use', () => {
  it('leaves an IPv6 Endpoints address out of kube-proxy\'s IPv4 rules, as the mirroring controller puts it in an IPv6 slice', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: out}\nspec:\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: out}\nsubsets:\n- addresses: [{ip: "2001:db8::1"}, {ip: 192.168.255.1}]\n  ports: [{port: 80}]\n';
    const c = buildCluster(text);
    expect(errors(text)).toEqual([]);
    expect(c.endpointSlices.find((s) => s.serviceName === 'out')?.endpoints.map((e) => e.ip)).toEqual(['192.168.255.1']);
    expect(JSON.stringify(c.nodeDataplanes)).not.toContain('2001:db8');
  });
});

describe('Ingresses', () => {
  const ingress = (rule: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n${rule}`;
  const backend = (port: string) => `    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port: {${port}}\n`;

  it('takes DNS names and a *. wildcard as hosts, and refuses the rest', () => {
    expect(errors(ingress(`  - host: '*.example.com'\n${backend('number: 80')}`))).toEqual([]);
    expect(errors(ingress(`  - host: 'a b.example.com'\n${backend('number: 80')}`))).toEqual([
      ['field-invalid', `The Ingress "web" is invalid: spec.rules[0].host: Invalid value: "a b.example.com": ${SUBDOMAIN}`, 7],
    ]);
    expect(errors(ingress(`  - host: 'foo.*.com'\n${backend('number: 80')}`))[0][1]).toBe("The Ingress \"web\" is invalid: spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  });

  it('wants one port for a backend, a name or a number', () => {
    expect(errors(ingress(`  - host: a.example.com\n${backend('name: http, number: 80')}`))).toEqual([
      ['field-invalid', 'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number', 12],
    ]);
    expect(errors(ingress(`  - host: a.example.com\n${backend('name: Http_Port')}`))[0][1]).toBe('The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "Http_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  });
});
