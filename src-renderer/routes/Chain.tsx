import { NotBuilt } from '../components/NotBuilt';

export default function Chain() {
  return <NotBuilt title="Chain" what="The local Hardhat node, deployments and on-chain metrics arrive with the contract harness." cli="workbench chain up" />;
}
