import { network } from "hardhat";

export const connection = await network.getOrCreate();
export const { ethers, networkHelpers } = connection;
export const { time, loadFixture } = networkHelpers;

export const YEAR = 365n * 24n * 3600n;
export const WEEK = 604800n;
export const GRO = (n: number | string) => ethers.parseEther(String(n));

/** Integer square root (floor), the same as OZ Math.sqrt. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

export function power(amount: bigint, years: number): bigint {
  return (isqrt(amount) * (10n ** 18n + 5n * 10n ** 17n * BigInt(years - 1))) / 10n ** 18n;
}

/** Upstream deployment order (spec 1.6) and seeding: Alice 10 000 GRO, Bob 5 000, Carol 2 500; 20 000 FUSD each. */
export async function deployCoreFixture() {
  const [treasury, alice, bob, carol, supplier, dave, eve] = await ethers.getSigners();
  const foodUSD = await ethers.deployContract("FoodUSD", [treasury.address]);
  const groToken = await ethers.deployContract("GroToken", [treasury.address]);
  const vault = await ethers.deployContract("GroVault", [await groToken.getAddress()]);
  const governor = await ethers.deployContract("CoopGovernor", [await vault.getAddress(), treasury.address, WEEK, 50n]);
  const groupPurchase = await ethers.deployContract("GroupPurchase", [await foodUSD.getAddress()]);
  for (const [who, gro] of [[alice, 10000], [bob, 5000], [carol, 2500]] as const) {
    await groToken.mint(who.address, GRO(gro));
    await foodUSD.mint(who.address, GRO(20000));
    await groToken.connect(who).approve(await vault.getAddress(), ethers.MaxUint256);
    await foodUSD.connect(who).approve(await groupPurchase.getAddress(), ethers.MaxUint256);
  }
  return { treasury, alice, bob, carol, supplier, dave, eve, foodUSD, groToken, vault, governor, groupPurchase };
}

/** Send the next transaction at exactly `t` (block timestamps are strictly increasing). */
export async function at(t: bigint | number) {
  await time.setNextBlockTimestamp(t);
}
