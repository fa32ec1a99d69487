import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Viewer, ViewerRole } from './viewer.types';

const ROLE_OF = {
  member: ViewerRole.MEMBER,
  editor: ViewerRole.EDITOR,
  admin: ViewerRole.ADMIN,
} as const;

/** `viewer`: who the caller is, for the web app; anonymous callers get `null`. */
@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    nullable: true,
    description: 'Who is calling: role, person and workplace; null when anonymous.',
  })
  async viewer(@Ctx() { access, em }: Context): Promise<Viewer | null> {
    const identity = access.identity;
    if (!identity) return null;
    const [person, kommune, organization] = await Promise.all([
      identity.personId ? em.findOne(Person, { id: identity.personId }) : null,
      identity.kommuneCode ? em.findOne(Kommune, { code: identity.kommuneCode }) : null,
      identity.organizationSlug
        ? em.findOne(Organization, { slug: identity.organizationSlug })
        : null,
    ]);
    return Object.assign(new Viewer(), {
      role: ROLE_OF[identity.role],
      person,
      kommune,
      organization,
    });
  }
}
