import type { Actor, ActorRef } from '../model.js';

/** Who an event is recorded as done by: the actor's id and role, never their name. */
export const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role });
