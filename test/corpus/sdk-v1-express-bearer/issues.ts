// The issue store behind the tools (in memory here; a database in production).
export interface Issue {
  number: number;
  project: string;
  title: string;
  author: string;
}

const issues: Issue[] = [];
const PAGE_SIZE = 20;

/** One page of a project's issues; the cursor is the index to continue from, base64-encoded to stay opaque. */
export async function listIssues(
  project: string,
  cursor?: string,
): Promise<{ items: Issue[]; nextCursor?: string }> {
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
  const matching = issues.filter((issue) => issue.project === project);
  const items = matching.slice(start, start + PAGE_SIZE);
  const next = start + PAGE_SIZE;
  return next < matching.length
    ? { items, nextCursor: Buffer.from(String(next), 'utf8').toString('base64url') }
    : { items };
}

/** Opens an issue and returns it. */
export async function createIssue(project: string, title: string, author: string): Promise<Issue> {
  const issue = { number: issues.length + 1, project, title, author };
  issues.push(issue);
  return issue;
}
