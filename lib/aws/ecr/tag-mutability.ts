import { ImageTagMutabilityExclusionFilter, TagMutability } from 'aws-cdk-lib/aws-ecr';
import { ImageTagMutability, ProfileSettings } from '../../core/profiles';

/** ECR's tag mutability and exclusion filters for a profile. */
export interface EcrTagMutability {
  readonly mutability: TagMutability;
  readonly exclusionPatterns: string[];
}

/** Immutable tags with exclusions become IMMUTABLE_WITH_EXCLUSION; exclusions on mutable tags mean nothing. */
export function tagMutabilityOf(settings: ProfileSettings): EcrTagMutability {
  if (settings.imageTagMutability === ImageTagMutability.MUTABLE) {
    return { mutability: TagMutability.MUTABLE, exclusionPatterns: [] };
  }
  const patterns = settings.immutableTagExclusions;
  return {
    mutability: patterns.length > 0 ? TagMutability.IMMUTABLE_WITH_EXCLUSION : TagMutability.IMMUTABLE,
    exclusionPatterns: [...patterns],
  };
}

/** The L2 filter objects for `Repository`. */
export function exclusionFiltersOf(mutability: EcrTagMutability): ImageTagMutabilityExclusionFilter[] | undefined {
  return mutability.exclusionPatterns.length > 0
    ? mutability.exclusionPatterns.map((pattern) => ImageTagMutabilityExclusionFilter.wildcard(pattern))
    : undefined;
}
