import { graphql } from '../gql';

/** The leaver: where they work and sit now, and what they handed over if they have left. */
export const DeparturePersonQuery = graphql(`
  query DeparturePerson($id: ID!) {
    person(id: $id) {
      id
      name
      title
      status
      departedOn
      affiliations {
        id
        title
        kommune {
          id
          name
        }
        organization {
          id
          name
        }
      }
      memberships {
        id
        role
        validFrom
        group {
          id
          name
        }
      }
      handoversGiven {
        id
        date
        role
        note
        toPerson {
          id
          name
        }
        group {
          id
          name
        }
        topic {
          id
          labelDa
        }
        product {
          id
          name
        }
      }
    }
  }
`);

/** Knowledge at risk where the leaver works (or everywhere); the page keeps what rests on them. */
export const DepartureRiskQuery = graphql(`
  query DepartureRisk($scope: RiskScope) {
    knowledgeAtRisk(scope: $scope) {
      kind
      reason
      people {
        id
        name
      }
      subject {
        __typename
        id
        ... on Group {
          name
        }
        ... on Topic {
          labelDa
        }
        ... on Product {
          name
        }
        ... on Membership {
          person {
            id
          }
          group {
            id
            name
          }
        }
        ... on ExperienceClaim {
          topic {
            id
            labelDa
          }
        }
      }
      suggestedSuccessors(first: 3) {
        id
        name
      }
    }
  }
`);

/** Who could take a seat, best first, with reasons. */
export const SeatCandidatesQuery = graphql(`
  query SeatCandidates($membershipId: ID!) {
    successorCandidates(membershipId: $membershipId, first: 5) {
      score
      reasons
      person {
        id
        name
        title
      }
    }
  }
`);

export const RecordDepartureMutation = graphql(`
  mutation RecordDeparture($input: RecordDepartureInput!) {
    recordDeparture(input: $input) {
      person {
        id
        name
        status
        departedOn
      }
      endedAffiliations {
        id
        title
        kommune {
          id
          name
        }
        organization {
          id
          name
        }
      }
      endedMemberships {
        id
        role
        group {
          id
          name
        }
      }
      endedClaims {
        id
        topic {
          id
          labelDa
        }
      }
      handovers {
        id
        role
        toPerson {
          id
          name
        }
        group {
          id
          name
        }
        topic {
          id
          labelDa
        }
        product {
          id
          name
        }
      }
      knowledgeAtRisk {
        kind
        reason
      }
    }
  }
`);

export const RevertDepartureMutation = graphql(`
  mutation RevertDeparture($personId: ID!) {
    revertDeparture(personId: $personId) {
      id
      name
      status
      departedOn
    }
  }
`);
