/**
 * Image references as container runtimes read them (the grammar of the distribution `reference` package):
 * `[domain/]path[:tag][@digest]`, Docker Hub as the default domain, `library/` for official images and `latest`
 * as the default tag, so `nginx`, `nginx:latest` and `docker.io/library/nginx:latest` are one image.
 */

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/** A parsed, normalized image reference. */
export interface ImageReference {
  /** Registry host, e.g. `docker.io`, `registry.k8s.io`, `localhost:5000`. */
  domain: string;
  /** Repository path inside the registry, e.g. `library/nginx`, `e2e-test-images/agnhost`. */
  path: string;
  /** `domain/path`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest was given. */
  tag: string | undefined;
  digest: string | undefined;
  /** The full form runtimes report, e.g. `docker.io/library/nginx:latest`. */
  normalized: string;
  /** The short form people type, e.g. `nginx:latest`, `hashicorp/http-echo:1.0`. */
  familiar: string;
}

/** Thrown for a reference that is not valid; Kubernetes reports such a container as `InvalidImageName`. */
export class InvalidReferenceError extends Error {
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(`couldn't parse image name "${image}": invalid reference format${reason ? `: ${reason}` : ''}`);
    this.name = 'InvalidReferenceError';
  }
}

function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isDomain =
    slash !== -1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let domain = isDomain ? first : DEFAULT_DOMAIN;
  let path = isDomain ? name.slice(slash + 1) : name;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  return { domain, path };
}

/** Parses and normalizes `image`; throws InvalidReferenceError. */
export function parseImageReference(image: string): ImageReference {
  const fail = (reason: string): never => {
    throw new InvalidReferenceError(image, reason);
  };
  if (image === '' || image.trim() !== image) fail('');
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail('invalid digest');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail('invalid tag');
  }
  if (rest.length > MAX_NAME_LENGTH) fail(`repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  const { domain, path } = splitDomain(rest);
  if (domain !== DEFAULT_DOMAIN && !DOMAIN.test(domain)) fail('invalid domain');
  const components = path.split('/');
  if (components.some((c) => !PATH_COMPONENT.test(c))) {
    fail(path !== path.toLowerCase() ? `repository name (${path}) must be lowercase` : '');
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  const repository = `${domain}/${path}`;
  const suffix = `${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  let familiarName = repository;
  if (domain === DEFAULT_DOMAIN) {
    familiarName = path.startsWith(OFFICIAL_REPO_PREFIX) ? path.slice(OFFICIAL_REPO_PREFIX.length) : path;
  }
  return {
    domain,
    path,
    repository,
    tag,
    digest,
    normalized: repository + suffix,
    familiar: familiarName + suffix,
  };
}
