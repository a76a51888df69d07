// Whole-matter views (issue 18): what a workspace holds as a whole rather than the few passages one
// question retrieves — a cited chronology of dated statements, document overviews, and versions of one
// another (near-duplicates) with their differences. Built on the index and the inference rules.
export {};
