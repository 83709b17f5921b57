// The docker-compose path to a real Storm cluster: start the repository's docker-compose.yml through testcontainers
// where a Docker engine is present, and say why not elsewhere.
export { dockerAvailable, SKIP_DOCKER_ENV, type DockerAvailability } from './docker-available.ts';
export {
  DEFAULT_COMPOSE_FILE,
  startComposeStormCluster,
  type ComposeStormCluster,
  type ComposeStormClusterOptions,
} from './compose-cluster.ts';
