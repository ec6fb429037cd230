/**
 * Where the action's own documentation lives, for SARIF help links: the action's repository at the ref the workflow
 * used (`uses: owner/repo@v1` sets GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF), or, for `uses: ./`, the workflow's
 * repository at its commit. Undefined outside GitHub Actions.
 */
export function actionDocsBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF) {
    return `${server}/${env.GITHUB_ACTION_REPOSITORY}/blob/${env.GITHUB_ACTION_REF}/`;
  }
  if (env.GITHUB_REPOSITORY && env.GITHUB_SHA)
    return `${server}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/`;
  return undefined;
}
