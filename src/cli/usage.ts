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
  ipvsadm        the IPVS table of one node (kube-proxy in IPVS mode)
  nft            kube-proxy's nftables table on one node (kube-proxy in nftables mode)
  dns            what a pod's resolver answers for a name, and the names it tried
  trace          one request hop by hop (rules, NAT, routes, bridge, veth), its outcome and reply
  port-forward   the pod and port kubectl port-forward would forward to, or its error
  reach          the NetworkPolicy matrix: may each pod connect to each other pod, and why
  lab            a shell script that builds the cluster in real network namespaces

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

TYPE: pods (po), services (svc), endpoints (ep), endpointslices, ingresses (ing), networkpolicies (netpol), nodes (no).

  -o, --output FORMAT   wide adds columns; json and yaml print the objects as the API
                        server returns them (a List); name prints TYPE/NAME
  -n, --namespace NS    default: default
  -A, --all-namespaces  every namespace, with a NAMESPACE column
${COMMON}
`,
  'iptables-save': `Print a node's iptables rules: kube-proxy's, the kubelet's, flanneld's and the CNI's.

Usage:
  podpath iptables-save --node NODE -f FILE... [-t mangle|filter|nat] [--format save|restore]

      --node NODE       the node (see podpath get nodes)
  -t, --table TABLE     only this table
      --format FORMAT   save (default): as iptables-save prints it on the node;
                        restore: the input kube-proxy gives iptables-restore (its own chains)
${COMMON}
`,
  ipvsadm: `Print a node's IPVS table as ipvsadm -Ln prints it there: a virtual server per Service
address and port, its real servers. Empty unless kube-proxy runs in IPVS mode (a
KubeProxyConfiguration with mode: ipvs).

Usage:
  podpath ipvsadm --node NODE -f FILE...

      --node NODE       the node (see podpath get nodes)
${COMMON}
`,
  nft: `Print kube-proxy's nftables table on a node (the ip kube-proxy table), when kube-proxy runs in
nftables mode (a KubeProxyConfiguration with mode: nftables).

Usage:
  podpath nft --node NODE -f FILE... [--format list|transaction]

      --node NODE       the node (see podpath get nodes)
      --format FORMAT   list (default): as nft list ruleset prints it on the node;
                        transaction: what kube-proxy hands nft -f (add table, chain, set, map,
                        rule and element lines, in the order kube-proxy adds them)
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
  trace: `Trace one request through the simulated cluster, hop by hop, and its answer back: every
nat chain and the rule that moved the packet, DNAT and SNAT with the addresses before and
after, routes, filter verdicts, the cbr0 bridge and the veths, the endpoints load balancing
chose from, the outcome.

Usage:
  podpath trace --from SOURCE --to TARGET -f FILE... [--connect IP[:PORT]] [--seed N | --pick K] [--repeat N]
                [--protocol tcp|udp|sctp] [--port-forward 'TYPE/NAME [LOCAL:]REMOTE... [--address ADDR] [--on NODE]'...] [--json]

      --from SOURCE     external (the outside host, 192.168.255.1), pod/[NAMESPACE/]NAME or
                        node/NAME: where the client process runs
      --to TARGET       http://HOST[:PORT][/PATH], IP[:PORT] or NAME[:PORT] (port 80 by default).
                        From a pod a NAME goes through cluster DNS; from outside it must be an
                        Ingress host (the outside host's /etc/hosts is assumed to point it at the
                        ingress controller) or come with --connect
      --connect IP[:PORT]
                        where to connect for a NAME, as curl's --connect-to; the name stays the
                        HTTP Host
      --seed N          seeds the random draws (source ports, -m statistic); default 1
      --pick K          takes the K-th candidate endpoint, in kube-proxy's order
      --protocol P      tcp (curl's HTTP request, the default), udp (a datagram) or sctp (an
                        INIT), as the upstream NetworkPolicy e2e tests probe with agnhost
                        connect: a pod listening on that protocol and port answers
      --json            {"request", "outcome", "message", "httpStatus", "servedBy", "candidates",
                        "sourceIpSeen", "hops": [...], "reply": [...]}; see the README
      --explain         adds each hop's explanation, as the app's inspector shows it
      --repeat N        sends the request N times from the same client (1 to 100): each repeat
                        is a new connection; with sessionAffinity ClientIP kube-proxy's
                        -m recent rule sends it back to the first endpoint, else it is drawn
                        again (in userspace mode kube-proxy's round-robin takes the next
                        endpoint). Prints one line per repeat (--json: an array of traces)
      --port-forward SPEC
                        a kubectl port-forward left running: kubectl's own arguments (TYPE/NAME,
                        ports, -n NS, --address ADDR,...; localhost when absent) and --on NODE
                        (or external, the default): the machine kubectl runs on. A request that
                        reaches one of its sockets goes kubectl → API server → kubelet → the
                        pod's 127.0.0.1. Repeat it for several. Article 003: --from node/node01
                        --to 10.0.0.30:8080 --port-forward 'POD 8080:8080 --address 0.0.0.0
                        --on master01'
${COMMON}

Outcomes: served, refused, dropped, http_error, unreachable, error (a bug of Podpath's).
Exit status: 0 when the trace ran, whatever its outcome; 1 when it could not run (a bad flag
or target, a source that does not exist or is not running).
`,
  'port-forward': `Print which pod and port kubectl port-forward would forward to, and the lines it prints once
it listens (it would then keep running; this command stops there: to trace requests through a
running one, see podpath trace --port-forward), or the error it prints.

Usage:
  podpath port-forward TYPE/NAME [LOCAL:]REMOTE... -f FILE... [-n NS] [--address ADDR,...] [--json]

TYPE: pod (the default), service, deployment, replicaset, statefulset, daemonset, or their
short names. A Service port is translated to its targetPort in the chosen pod; a named port is
looked up in the pod. LOCAL left out or 0: a free local port.

  -n, --namespace NS    default: default
      --address ADDR    addresses to listen on, comma separated: IPs or localhost (the
                        default: 127.0.0.1 and ::1)
      --json            {"pod": {"namespace", "name", "node", "ip"}, "ports": [{"local", "remote"}],
                        "addresses": [...]}
${COMMON}
`,
  reach: `Print whether each pod may connect to each other pod's IP under the cluster's
NetworkPolicies: one probe for every ordered pair of distinct pods (hostNetwork pods and pods
without an IP left out), every port and every protocol, with the policy and rule that allowed
it or the policies that select a side and allow none. On flannel, which enforces no
NetworkPolicy, every probe is allowed and the reason names the policy that would deny it; an
Installation (operator.tigera.io/v1) named default makes the cluster Calico, which enforces.

Usage:
  podpath reach -f FILE... [--ports 80,81] [--protocols TCP,UDP,SCTP] [--json]

      --ports PORTS     destination ports, comma separated (default 80)
      --protocols P     TCP, UDP and/or SCTP, comma separated (default TCP)
      --json            {"cni": "flannel"|"calico", "enforced", "probes": [{"from": "NS/POD",
                        "to": "NS/POD", "port", "protocol", "allowed", "reason"}]}
${COMMON}
`,
  lab: `Print a shell script that builds the simulated cluster in real network namespaces: one per
node, per pod (a hostNetwork pod runs in its node's) and for the outside host, a bridge for the
node LAN, the engine's own routes and iptables rules (loaded with iptables-restore), and a tiny
HTTP server in each pod that answers with its name, namespace, node, port and the source
address it saw.

Usage:
  podpath lab -f FILE... [--prefix P] > lab.sh
  sudo sh lab.sh up | down | exec external|node/NAME|pod/[NS/]NAME COMMAND...
  sudo sh lab.sh request external|node/NAME|pod/[NS/]NAME IP PORT [HOST]

      --prefix P        starts the name of every namespace the lab makes (default podpath);
                        letters and digits, so that two labs on one machine never meet
${COMMON}

The script needs root, iproute2, iptables and node. Nothing goes into the root namespace and
no traffic leaves the lab's namespaces; down removes everything, also after a failed up.
As the script runs as root, it is written only for YAML the API server would accept whole:
with an error (see podpath build) it prints the errors and exits 1.
`,
};
