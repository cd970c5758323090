/**
 * A NetworkPolicy (networking.k8s.io/v1) as the API server admits it: defaulting, then
 * validation, with the API server's words.
 *
 * Ported from kubernetes v1.28 pkg/apis/networking/validation/validation.go
 * (ValidateNetworkPolicy, ValidateNetworkPolicySpec, ValidateNetworkPolicyPort,
 * ValidateNetworkPolicyPeer, ValidateIPBlock) and pkg/apis/networking/v1/defaults.go
 * (SetDefaults_NetworkPolicy, SetDefaults_NetworkPolicyPort). Defaulting runs before
 * validation, so `policyTypes` is checked as defaulted.
 */
import { arr, obj, str, type Json } from '../../fields';
import { netContains, parseCidrSloppy } from '../../netpol/cidr';
import { child, eachInvalid, forbidden, goQuote, index, invalid, notSupported, required, root, type FieldError, type FieldPath } from './field';
import { validateLabelSelector } from './meta';
import { isValidPortName, isValidPortNum } from './names';

/** The order ValidateNetworkPolicyPort lists them in (not sorted). */
const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/**
 * SetDefaults_NetworkPolicy: a policy without policyTypes is at least an Ingress policy, and an
 * Egress policy too when it has egress rules (`egress: []` does not count). A policy with only
 * egress rules and no policyTypes therefore also isolates its pods for ingress.
 */
export function defaultPolicyTypes(spec: Json): string[] {
  const written = arr(spec.policyTypes).filter((t): t is string => typeof t === 'string');
  if (arr(spec.policyTypes).length > 0) return written;
  return arr(spec.egress).length !== 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Go's `%#v` of the policyTypes slice, as the "more than two" error prints it. */
const policyTypesLiteral = (types: string[]) => `[]networking.PolicyType{${types.map(goQuote).join(', ')}}`;

/** ValidateNetworkPolicyPort. */
function portErrors(port: Json, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = str(port.protocol);
  if (protocol !== undefined && !PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(at, 'protocol'), protocol, PORT_PROTOCOLS));
  const hasEnd = typeof port.endPort === 'number';
  const endPort = hasEnd ? (port.endPort as number) : 0;
  if (typeof port.port === 'number') {
    errs.push(...eachInvalid(child(at, 'port'), port.port, isValidPortNum(port.port)));
    if (hasEnd) {
      // v1.28 reports the port, not the endPort, as the bad value here.
      if (endPort < port.port) errs.push(invalid(child(at, 'endPort'), port.port, 'must be greater than or equal to `port`'));
      errs.push(...eachInvalid(child(at, 'endPort'), endPort, isValidPortNum(endPort)));
    }
  } else if (typeof port.port === 'string') {
    if (hasEnd) errs.push(invalid(child(at, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...eachInvalid(child(at, 'port'), port.port, isValidPortName(port.port)));
  } else if (hasEnd) {
    errs.push(invalid(child(at, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

/** ValidateIPBlock (v1.28): the first bad `except` ends the check. */
function ipBlockErrors(block: Json, at: FieldPath): FieldError[] {
  const cidr = str(block.cidr) ?? '';
  if (cidr === '') return [required(child(at, 'cidr'))];
  const net = parseCidrSloppy(cidr);
  if (!net) return [invalid(child(at, 'cidr'), cidr, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  const excepts = arr(block.except);
  for (let i = 0; i < excepts.length; i++) {
    const text = str(excepts[i]) ?? '';
    const here = index(child(at, 'except'), i);
    const except = parseCidrSloppy(text);
    if (!except) {
      errs.push(invalid(here, text, 'not a valid CIDR'));
      return errs;
    }
    // `!cidrIPNet.Contains(exceptCIDR.IP) || cidrMaskLen >= exceptMaskLen`
    if (!netContains(net, { v6: except.v6, value: except.base }) || net.bits >= except.bits) errs.push(invalid(here, text, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer, or a pod and a namespace selector together. */
function peerErrors(peer: Json, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  const podSelector = obj(peer.podSelector);
  const namespaceSelector = obj(peer.namespaceSelector);
  const ipBlock = obj(peer.ipBlock);
  if (podSelector) {
    peers++;
    errs.push(...validateLabelSelector(podSelector, child(at, 'podSelector')));
  }
  if (namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(namespaceSelector, child(at, 'namespaceSelector')));
  }
  if (ipBlock) {
    peers++;
    errs.push(...ipBlockErrors(ipBlock, child(at, 'ipBlock')));
  }
  if (peers === 0) errs.push(required(at, 'must specify a peer'));
  else if (peers > 1 && ipBlock) errs.push(forbidden(at, 'may not specify both ipBlock and another peer'));
  return errs;
}

/** ValidateNetworkPolicySpec, on the defaulted spec. */
export function networkPolicyErrors(spec: Json): FieldError[] {
  const at = root('spec');
  const errs = validateLabelSelector(obj(spec.podSelector) ?? {}, child(at, 'podSelector'));
  for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arr(spec[direction]).forEach((r, i) => {
      const rule = obj(r) ?? {};
      const here = index(child(at, direction), i);
      arr(rule.ports).forEach((p, j) => errs.push(...portErrors(obj(p) ?? {}, index(child(here, 'ports'), j))));
      arr(rule[peersKey]).forEach((p, j) => errs.push(...peerErrors(obj(p) ?? {}, index(child(here, peersKey), j))));
    });
  }
  const types = defaultPolicyTypes(spec);
  if (types.length > POLICY_TYPES.length) {
    errs.push({ field: child(at, 'policyTypes'), body: `Invalid value: ${policyTypesLiteral(types)}: may not specify more than two policyTypes` });
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errs.push(notSupported(index(child(at, 'policyTypes'), i), t, POLICY_TYPES));
  });
  return errs;
}
