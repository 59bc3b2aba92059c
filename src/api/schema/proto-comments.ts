/**
 * Reads the API documentation and the code-generation markers (`+patchMergeKey=name`, `+listType=map`, …) out of
 * a proto comment, the way Kubernetes' OpenAPI generator turns Go comments into descriptions.
 */

export interface CommentMarkers {
  patchMergeKey?: string;
  patchStrategy?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** `+structType=atomic` or `+mapType=atomic`; false for `granular`. */
  atomic?: boolean;
  optional?: boolean;
  required?: boolean;
}

/**
 * The description OpenAPI shows: marker lines (`+…`) and one-line TODOs dropped, everything after a `---` line
 * dropped, lines of a paragraph joined with spaces, blank lines kept as paragraph breaks, indented lines kept on
 * lines of their own.
 */
export function describe(comment: string | undefined): string | undefined {
  if (!comment) return undefined;
  let out = '';
  const dropLast = () => {
    if (out.length > 0) out = out.slice(0, -1);
  };
  for (const raw of comment.split('\n')) {
    if (raw === '---') break;
    const line = raw.trimEnd();
    const leading = line.trimStart();
    if (line.length === 0) {
      dropLast();
      out += '\n\n';
    } else if (leading.startsWith('TODO') || leading.startsWith('+')) {
      // Generator instructions and TODOs are not documentation.
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      dropLast();
      out += `\n${line}\n`;
    } else {
      out += `${line} `;
    }
  }
  const text = out.trim();
  return text.length > 0 ? text : undefined;
}

/** The `+key=value` markers of a comment that matter for patching, apply and OpenAPI. */
export function markers(comment: string | undefined): CommentMarkers {
  const m: CommentMarkers = {};
  if (!comment) return m;
  for (const raw of comment.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('+')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line.slice(1) : line.slice(1, eq);
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    switch (key) {
      case 'patchMergeKey':
        m.patchMergeKey = value;
        break;
      case 'patchStrategy':
        m.patchStrategy = value;
        break;
      case 'listType':
        if (value === 'atomic' || value === 'set' || value === 'map') m.listType = value;
        break;
      case 'listMapKey':
        m.listMapKeys = [...(m.listMapKeys ?? []), value];
        break;
      case 'structType':
      case 'mapType':
        m.atomic = value === 'atomic';
        break;
      case 'optional':
        m.optional = true;
        break;
      case 'required':
        m.required = true;
        break;
    }
  }
  return m;
}
