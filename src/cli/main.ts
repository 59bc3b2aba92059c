/** Entry point of the `kubeling` command. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help')) {
    console.log('kubeling: a Kubernetes-compatible cluster on one machine');
    return 0;
  }
  return 1;
}
