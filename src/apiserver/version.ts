import { KUBERNETES_VERSION } from '../api/version.js';

const [major = '1', minor = '33'] = KUBERNETES_VERSION.slice(1).split('.');

/** The `/version` body. `+kubeling` is semver build metadata: it leaves version comparisons unchanged. */
export const kubernetesVersion = {
  major,
  minor,
  gitVersion: `${KUBERNETES_VERSION}+kubeling`,
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
