/** Help texts, kept next to each other so that they read as one manual. */
import { DEFAULT_CLOCK, timestamp } from '../engine/api/clock';

const COMMON = `  -f, --filename FILE   the YAML to read; repeat it for several files, - reads stdin,
                        a directory reads its .yaml, .yml and .json files
      --now TIME        the simulated time (RFC 3339), default ${timestamp(DEFAULT_CLOCK.now)}
  -h, --help            this help`;

export const USAGE = `podpath: a Kubernetes cluster's network, simulated from YAML.

Usage:
  podpath <command> [flags] -f FILE...

Commands:
  build          summary and diagnostics; exit 1 if the API server would reject an object
  get            what kubectl get prints: pods, services, endpoints, endpointslices, ingress, nodes
  iptables-save  the iptables rules of one node
  dns            what a pod's resolver answers for a name, and the names it tried

Flags for every command:
${COMMON}

Run 'podpath <command> --help' for a command's own flags.
`;

export const HELP: Record<string, string> = {
  build: `Build the cluster and report what the API server, the controllers and the kubelets did.

Usage:
  podpath build -f FILE... [--json]

      --json            {"diagnostics": [{"severity", "code", "message", "line", "column", "object"}]}
${COMMON}

Exit status: 1 when any diagnostic is an error (an object was rejected), else 0.
`,
  get: `Print what kubectl get prints for the simulated cluster.

Usage:
  podpath get TYPE[,TYPE...] [NAME...] -f FILE... [-o wide|json|yaml|name] [-n NS | -A]

TYPE: pods (po), services (svc), endpoints (ep), endpointslices, ingresses (ing), nodes (no).

  -o, --output FORMAT   wide adds columns; json and yaml print the objects as the API
                        server returns them (a List); name prints TYPE/NAME
  -n, --namespace NS    default: default
  -A, --all-namespaces  every namespace, with a NAMESPACE column
${COMMON}
`,
  'iptables-save': `Print a node's iptables rules: kube-proxy's chains and the CNI's hostPort chains.

Usage:
  podpath iptables-save --node NODE -f FILE... [-t nat|filter] [--format save|restore]

      --node NODE       the node (see podpath get nodes)
  -t, --table TABLE     only this table
      --format FORMAT   save (default): as iptables-save prints it on the node;
                        restore: the input kube-proxy gives iptables-restore (its own chains)
${COMMON}
`,
  dns: `Resolve a name from a pod, as its resolver and the cluster's CoreDNS would.

Usage:
  podpath dns --from pod/NAME --name NAME -f FILE... [-n NS] [--type A|AAAA|SRV|CNAME] [--json]

      --from pod/NAME   the pod that asks
  -n, --namespace NS    the pod's namespace (default: default)
      --name NAME       the name to look up, as the program in the pod would
      --type TYPE       A (default), AAAA, SRV or CNAME
      --json            {"rcode", "answer": [{"name", "type", "ttl", "data"}], "tries": [...]}
${COMMON}
`,
};
