/*
 * The cloud-neutral core. It never imports a cloud library, so importing the
 * package root stays cheap for every user.
 */
export * from './core/address';
export * from './core/environment';
export * from './core/errors';
export * from './core/profiles';
export { STANDARD_TAG_KEYS } from './core/tags';
export * from './core/distribution';
