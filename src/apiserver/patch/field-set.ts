/**
 * A set of field paths stored as a tree (structured-merge-diff `fieldpath.Set`): `members` are the paths that
 * end at this node, `children` the subtrees. Its JSON form is the `fieldsV1` of a managedFields entry, where
 * `".": {}` marks a node that is itself a member and has children.
 * Sets are built with `insert` and then treated as immutable: the set operations share subtrees.
 */

import { compareElements, deserializeElement, type Path, type PathElement, serializeElement } from './field-path.js';
import { isObject, type JsonObject, setOwn } from './json-value.js';

interface Child {
  pe: PathElement;
  set: FieldSet;
}

/** Binary search in a list sorted by compareElements; returns [index, found]. */
function search<T>(list: readonly T[], pe: PathElement, elementOf: (item: T) => PathElement): [number, boolean] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareElements(elementOf(list[mid] as T), pe);
    if (c === 0) return [mid, true];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return [lo, false];
}

const self = (pe: PathElement) => pe;
const childElement = (c: Child) => c.pe;

export class FieldSet {
  readonly members: PathElement[] = [];
  readonly children: Child[] = [];

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (construction only). */
  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i] as PathElement);
    const last = path[path.length - 1] as PathElement;
    const [at, found] = search(s.members, last, self);
    if (!found) s.members.splice(at, 0, last);
  }

  private descend(pe: PathElement): FieldSet {
    const [at, found] = search(this.children, pe, childElement);
    if (found) return (this.children[at] as Child).set;
    const set = new FieldSet();
    this.children.splice(at, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, self)[1];
  }

  child(pe: PathElement): FieldSet | undefined {
    const [at, found] = search(this.children, pe, childElement);
    return found ? (this.children[at] as Child).set : undefined;
  }

  /** The subtree under `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  has(path: Path): boolean {
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.child(path[i] as PathElement);
    const last = path[path.length - 1];
    if (last === undefined || s === undefined) return false;
    return s.hasMember(last);
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members.push(...mergeSorted(this.members, other.members, self));
    const byElement = new Map<string, Child>();
    for (const c of [...this.children, ...other.children]) {
      const key = serializeElement(c.pe);
      const seen = byElement.get(key);
      byElement.set(key, seen ? { pe: seen.pe, set: seen.set.union(c.set) } : c);
    }
    out.children.push(...[...byElement.values()].sort((a, b) => compareElements(a.pe, b.pe)));
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members.push(...this.members.filter((pe) => other.hasMember(pe)));
    for (const c of this.children) {
      const o = other.child(c.pe);
      if (!o) continue;
      const set = c.set.intersection(o);
      if (!set.empty()) out.children.push({ pe: c.pe, set });
    }
    return out;
  }

  /** Members of this set not in `other`; subtrees are differenced node by node. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members.push(...this.members.filter((pe) => !other.hasMember(pe)));
    for (const c of this.children) {
      const o = other.child(c.pe);
      if (!o) {
        out.children.push(c);
        continue;
      }
      const set = c.set.difference(o);
      if (!set.empty()) out.children.push({ pe: c.pe, set });
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes this set's whole subtree under it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members.push(...this.members.filter((pe) => !other.hasMember(pe)));
    for (const c of this.children) {
      if (other.hasMember(c.pe)) continue;
      const o = other.child(c.pe);
      if (!o) {
        out.children.push(c);
        continue;
      }
      const set = c.set.recursiveDifference(o);
      if (!set.empty()) out.children.push({ pe: c.pe, set });
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  /** Every path, members of a node before its children, in element order. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.members.map((pe) => [...prefix, pe]);
    for (const c of this.children) out.push(...c.set.paths([...prefix, c.pe]));
    return out;
  }

  /** The `fieldsV1` JSON object. */
  toFieldsV1(): JsonObject {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): JsonObject {
    const out: JsonObject = {};
    if (includeSelf && (this.members.length > 0 || this.children.length > 0)) out['.'] = {};
    let m = 0;
    let c = 0;
    while (m < this.members.length || c < this.children.length) {
      const member = this.members[m];
      const child = this.children[c];
      const order = member && child ? compareElements(member, child.pe) : member ? -1 : 1;
      if (order < 0 && member) {
        setOwn(out, serializeElement(member), {});
        m++;
      } else if (child) {
        setOwn(out, serializeElement(child.pe), child.set.emit(order === 0));
        if (order === 0) m++;
        c++;
      }
    }
    return out;
  }

  /** Parses a `fieldsV1` object; throws on malformed element keys. */
  static fromFieldsV1(fields: unknown): FieldSet {
    return readFields(fields).children ?? new FieldSet();
  }
}

function readFields(fields: unknown): { children: FieldSet | undefined; isMember: boolean } {
  if (!isObject(fields)) throw new Error('managedFields: fieldsV1 nodes must be objects');
  let children: FieldSet | undefined;
  let isMember = false;
  for (const key of Object.keys(fields)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = deserializeElement(key);
    if (!pe) continue;
    const sub = readFields(fields[key]);
    children ??= new FieldSet();
    if (sub.isMember) children.insert([pe]);
    if (sub.children) {
      const [at] = search(children.children, pe, childElement);
      children.children.splice(at, 0, { pe, set: sub.children });
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}

function mergeSorted<T>(a: readonly T[], b: readonly T[], elementOf: (item: T) => PathElement): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareElements(elementOf(a[i] as T), elementOf(b[j] as T));
    if (c < 0) out.push(a[i++] as T);
    else {
      out.push(b[j++] as T);
      if (c === 0) i++;
    }
  }
  return [...out, ...a.slice(i), ...b.slice(j)];
}
