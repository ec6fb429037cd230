/**
 * The two classifications a finding cites: MITRE's CWE and the OWASP MCP Top 10 (2025). Names are shown beside the
 * ids in SARIF `taxonomies`, Markdown and the console; an id missing here is still cited, without a name.
 */

/** One classification as SARIF describes a taxonomy. */
export interface Taxonomy {
  name: string;
  organization: string;
  version?: string;
  informationUri: string;
  shortDescription: string;
  /** Where one entry is described, or undefined when the taxonomy has no page per entry we can name. */
  entryUri: (id: string) => string | undefined;
  names: Readonly<Record<string, string>>;
}

/** The CWE entries the bundled rules cite (names as MITRE writes them). */
export const CWE: Taxonomy = {
  name: 'CWE',
  organization: 'MITRE',
  informationUri: 'https://cwe.mitre.org/',
  shortDescription: 'The MITRE Common Weakness Enumeration',
  entryUri: (id) => {
    const number = /^CWE-(\d+)$/.exec(id)?.[1];
    return number === undefined ? undefined : `https://cwe.mitre.org/data/definitions/${number}.html`;
  },
  names: {
    'CWE-20': 'Improper Input Validation',
    'CWE-22': "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
    'CWE-78': "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    'CWE-89': "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
    'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
    'CWE-95': "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')",
    'CWE-116': 'Improper Encoding or Escaping of Output',
    'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
    'CWE-208': 'Observable Timing Discrepancy',
    'CWE-209': 'Generation of Error Message Containing Sensitive Information',
    'CWE-287': 'Improper Authentication',
    'CWE-306': 'Missing Authentication for Critical Function',
    'CWE-330': 'Use of Insufficiently Random Values',
    'CWE-345': 'Insufficient Verification of Data Authenticity',
    'CWE-346': 'Origin Validation Error',
    'CWE-347': 'Improper Verification of Cryptographic Signature',
    'CWE-348': 'Use of Less Trusted Source',
    'CWE-441': "Unintended Proxy or Intermediary ('Confused Deputy')",
    'CWE-488': 'Exposure of Data Element to Wrong Session',
    'CWE-532': 'Insertion of Sensitive Information into Log File',
    'CWE-598': 'Use of GET Request Method With Sensitive Query Strings',
    'CWE-614': "Sensitive Cookie in HTTPS Session Without 'Secure' Attribute",
    'CWE-636': "Not Failing Securely ('Failing Open')",
    'CWE-798': 'Use of Hard-coded Credentials',
    'CWE-918': 'Server-Side Request Forgery (SSRF)',
    'CWE-942': 'Permissive Cross-domain Policy with Untrusted Domains',
    'CWE-1004': "Sensitive Cookie Without 'HttpOnly' Flag",
    'CWE-1275': 'Sensitive Cookie with Improper SameSite Attribute',
    'CWE-1327': 'Binding to an Unrestricted IP Address',
    'CWE-1427': 'Improper Neutralization of Input Used for LLM Prompting',
  },
};

/** The OWASP MCP Top 10, 2025 edition (v0.1, beta): https://owasp.org/www-project-mcp-top-10/ */
export const OWASP_MCP: Taxonomy = {
  name: 'OWASP MCP Top 10',
  organization: 'OWASP',
  version: '2025',
  informationUri: 'https://owasp.org/www-project-mcp-top-10/',
  shortDescription: 'The OWASP Top 10 for Model Context Protocol',
  entryUri: () => undefined,
  names: {
    'MCP01:2025': 'Token Mismanagement & Secret Exposure',
    'MCP02:2025': 'Privilege Escalation via Scope Creep',
    'MCP03:2025': 'Tool Poisoning',
    'MCP04:2025': 'Software Supply Chain Attacks & Dependency Tampering',
    'MCP05:2025': 'Command Injection & Execution',
    'MCP06:2025': 'Intent Flow Subversion',
    'MCP07:2025': 'Insufficient Authentication & Authorization',
    'MCP08:2025': 'Lack of Audit and Telemetry',
    'MCP09:2025': 'Shadow MCP Servers',
    'MCP10:2025': 'Context Injection & Over-Sharing',
  },
};
