// Runs after npm install: generate the Prisma clients for both providers.
import { generateClients } from "./lib/prisma.mjs";

generateClients();
