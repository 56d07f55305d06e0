// Azure constructs (ACR) arrive with their own issue; this entry point exists so the subpath export is stable.
export {};
