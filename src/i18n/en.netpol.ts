/** English messages of NetworkPolicy: felix's verdicts in the trace, the matrix view (the main catalogue spreads them in, see en.ts). */
export const enNetpol = {
  'hop.policyIn.title': 'filter {hook}: {verdict}, NetworkPolicy {policy} lets it into {pod}',
  'hop.policyOut.title': 'filter {hook}: {verdict}, NetworkPolicy {policy} lets it out of {pod}',
  'hop.policyDenyIn.title': 'filter {hook}: {verdict}, no NetworkPolicy rule lets it into {pod}',
  'hop.policyDenyOut.title': 'filter {hook}: {verdict}, no NetworkPolicy rule lets it out of {pod}',
  'policy.allowed.ingress': 'Ingress of {pod} ({chain}): NetworkPolicy {policy} allows it by its rule spec.ingress[{rule}].',
  'policy.allowed.egress': 'Egress of {pod} ({chain}): NetworkPolicy {policy} allows it by its rule spec.egress[{rule}].',
  'policy.allowedBy.ingress': 'Ingress of {pod} ({chain}): NetworkPolicy {policy} allows it.',
  'policy.allowedBy.egress': 'Egress of {pod} ({chain}): NetworkPolicy {policy} allows it.',
  'policy.denied.ingress': 'Ingress of {pod} ({chain}): selected for ingress by NetworkPolicy {policies}, and no rule allows this packet: "Drop if no policies passed packet".',
  'policy.denied.egress': 'Egress of {pod} ({chain}): selected for egress by NetworkPolicy {policies}, and no rule allows this packet: "Drop if no policies passed packet".',
  'policy.open.ingress': 'Ingress of {pod} ({chain}): no NetworkPolicy selects it for ingress; the namespace profile kns.{namespace} allows it.',
  'policy.open.egress': 'Egress of {pod} ({chain}): no NetworkPolicy selects it for egress; the namespace profile kns.{namespace} allows it.',
  'policy.established.ingress': 'Ingress of {pod} ({chain}): a packet of an established connection; conntrack accepts it before any policy.',
  'policy.established.egress': 'Egress of {pod} ({chain}): a packet of an established connection; conntrack accepts it before any policy.',
  'inspector.policy': 'NetworkPolicy',
};
