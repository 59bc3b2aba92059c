/**
 * Container image references, parsed as the apiserver does to default `imagePullPolicy`
 * (`parsers.ParseImageName`, after the grammar of github.com/distribution/reference).
 */

const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const reference = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const identifier = /^[a-f0-9]{64}$/;
const nameTotalLengthMax = 255;

export interface ImageReference {
  /** The repository as written (without the default `docker.io/library/` prefix). */
  name: string;
  /** The tag; `latest` when neither a tag nor a digest is given. Empty when only a digest is given. */
  tag: string;
  digest: string;
}

/** Parses an image reference; undefined when it is not one (the apiserver then treats the tag as empty). */
export function parseImageReference(image: string): ImageReference | undefined {
  if (identifier.test(image)) return undefined;
  const m = reference.exec(image);
  if (!m) return undefined;
  const repo = m[1] ?? '';
  if (repo.length > nameTotalLengthMax) return undefined;
  const digestPart = m[3] ?? '';
  const tagPart = m[2] ?? (digestPart === '' ? 'latest' : '');
  return { name: repo, tag: tagPart, digest: digestPart };
}

/** `SetDefaults_Container`: `Always` for the `latest` tag (written or implied), else `IfNotPresent`. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  const ref = typeof image === 'string' ? parseImageReference(image) : undefined;
  return ref?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
