/** The Kubernetes version kubeling speaks. The kubectl dispatcher picks `kubectl.1.<minor>` by it. */
export const kubernetesVersion = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0+kubeling',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
