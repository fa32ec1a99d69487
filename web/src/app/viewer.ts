import { graphql } from '../gql';

/** Who is signed in: the header and the pages that differ for anonymous users read it. */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      person {
        id
        name
      }
      kommune {
        id
        name
      }
      organization {
        id
        name
      }
    }
  }
`);

/** The roles as the app names them. */
export const ROLE_LABELS = {
  MEMBER: 'Medlem',
  EDITOR: 'Redaktør',
  ADMIN: 'Administrator',
} as const;
