/** Reading what a live cluster prints (`kubectl get … -o yaml`) as the state it is in. */
export { expandLists, isList } from './list';
export { readSnapshot, isObserved, type Snapshot } from './snapshot';
export { nodeLan, type NodeLan } from './lan';
