/**
 * Small helpers to default fields of decoded JSON with Go's notion of "unset": a missing or null pointer,
 * an empty string, a zero number. Values that have the wrong type are left alone for validation to reject.
 */
import { isJsonObject, type JsonObject } from '../../api/object.js';

/** The object at `parent[key]`, created as `{}` when unset. A non-object value gives a detached object. */
export function objectField(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  if (isJsonObject(value)) return value;
  if (value !== undefined && value !== null) return {};
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/** The object at `parent[key]` if there is one. */
export function existingObject(parent: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = parent?.[key];
  return isJsonObject(value) ? value : undefined;
}

/** The object items of the array at `parent[key]` (other items skipped). */
export function objectItems(parent: JsonObject | undefined, key: string): JsonObject[] {
  const value = parent?.[key];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function isNil(value: unknown): boolean {
  return value === undefined || value === null;
}

/** A pointer field: set when missing or null. */
export function defaultValue(o: JsonObject, key: string, value: unknown): void {
  if (isNil(o[key])) o[key] = value;
}

/** A string field: set when missing, null or `""`. */
export function defaultString(o: JsonObject, key: string, value: string): void {
  if (isNil(o[key]) || o[key] === '') o[key] = value;
}

/** A non-pointer integer field: set when missing, null or 0. */
export function defaultNumber(o: JsonObject, key: string, value: number): void {
  if (isNil(o[key]) || o[key] === 0) o[key] = value;
}

/** The string at `o[key]`, or `''` (Go's zero value) when it is not a string. */
export function stringField(o: JsonObject | undefined, key: string): string {
  const value = o?.[key];
  return typeof value === 'string' ? value : '';
}
