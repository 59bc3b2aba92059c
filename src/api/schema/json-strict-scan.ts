/**
 * The strict-decoding errors of a JSON text, in document order, as sigs.k8s.io/json reports them:
 * `unknown field "spec.foo"` and `duplicate field "metadata.name"` (duplicate keys, which `JSON.parse` silently
 * resolves, the last one winning as in Go). Only keys the schema knows (struct fields and map keys) count as
 * duplicates; an unknown key is reported once, as unknown. At most 100 errors, without repeats.
 */
import type { SchemaNode } from './schema-node.js';

/** Without a schema: every object is a map of the same, so every duplicate counts. */
const loose: SchemaNode = { type: 'map' };
loose.elements = loose;

export interface StrictJsonError {
  type: 'unknown field' | 'duplicate field';
  path: string;
}

const maxErrors = 100;

class Scanner {
  i = 0;
  readonly found: StrictJsonError[] = [];
  private readonly seenErrors = new Set<string>();
  constructor(private readonly text: string) {}

  private report(type: StrictJsonError['type'], path: string): void {
    const id = `${type} ${path}`;
    if (this.seenErrors.has(id) || this.found.length >= maxErrors) return;
    this.seenErrors.add(id);
    this.found.push({ type, path });
  }

  private ws(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i] ?? '')) this.i++;
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  value(node: SchemaNode | undefined, path: string): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object(node, path);
    else if (c === '[') this.array(node, path);
    else if (c === '"') this.string();
    else while (this.i < this.text.length && !',]} \t\r\n'.includes(this.text[this.i] ?? '')) this.i++;
  }

  private object(node: SchemaNode | undefined, path: string): void {
    this.i++;
    const seen = new Set<string>();
    const descend = node?.type === 'object' || node?.type === 'map';
    for (;;) {
      this.ws();
      if (this.text[this.i] === '}' || this.i >= this.text.length) break;
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      const key = this.string();
      this.ws();
      this.i++; // ':'
      const fieldPath = path ? `${path}.${key}` : key;
      let child: SchemaNode | undefined;
      let known = false;
      if (node?.type === 'object') {
        child = node.fields?.get(key)?.node;
        known = child !== undefined || (path === '' && (key === 'apiVersion' || key === 'kind'));
      } else if (node?.type === 'map') {
        child = node.elements;
        known = true;
      }
      if (descend && known) {
        if (seen.has(key)) this.report('duplicate field', fieldPath);
        seen.add(key);
      } else if (node?.type === 'object') {
        this.report('unknown field', fieldPath);
      }
      this.value(descend ? child : undefined, fieldPath);
    }
    this.i++;
  }

  private array(node: SchemaNode | undefined, path: string): void {
    this.i++;
    const item = node === loose ? loose : node?.type === 'array' ? node.elements : undefined;
    let index = 0;
    for (;;) {
      this.ws();
      if (this.text[this.i] === ']' || this.i >= this.text.length) break;
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      this.value(item, `${path}[${index}]`);
      index++;
    }
    this.i++;
  }
}

/**
 * Strict-decoding errors of a JSON text that is known to parse. Without a schema every object counts as a map:
 * only duplicates are reported.
 */
export function strictJsonErrors(text: string, schema?: SchemaNode): StrictJsonError[] {
  const scanner = new Scanner(text);
  scanner.value(schema ?? loose, '');
  return scanner.found;
}

/** Paths of duplicated fields of a JSON text, in document order. */
export function findDuplicateFields(text: string, schema?: SchemaNode): string[] {
  return strictJsonErrors(text, schema)
    .filter((e) => e.type === 'duplicate field')
    .map((e) => e.path);
}

/** The error text of a strict error, as kube-apiserver prints it: `unknown field "spec.foo"`. */
export function strictErrorText(e: StrictJsonError): string {
  return `${e.type} ${JSON.stringify(e.path)}`;
}
