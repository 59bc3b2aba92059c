/**
 * A probe that could not be run at all (Kubernetes' prober returns an `error` besides the result): the kubelet records
 * `<Kind> probe errored and resulted in <state> state: <message>` and throws the attempt away, so it counts neither
 * as a success nor as a failure. The runner rejects with this error; every other outcome resolves.
 */
export class ProbeError extends Error {
  constructor(
    message: string,
    /** The probe result reported with the error (`unknown` when no request was made). */
    readonly state: 'unknown' | 'failure' = 'unknown',
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}
