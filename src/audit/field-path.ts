/** A path into a parsed YAML file, e.g. `['safeguards', 2, 'evidence', 'any', 0]`, for errors that name the field. */
export type FieldPath = readonly (string | number)[];
