import { expect } from "chai";
import { ethers, loadFixture, deployCoreFixture, GRO } from "./fixtures.js";

describe("GroToken and FoodUSD", () => {
  for (const [name, fullName, symbol] of [
    ["GroToken", "Gro Token", "GRO"],
    ["FoodUSD", "Food USD", "FUSD"],
  ] as const) {
    describe(name, () => {
      async function fixture() {
        const base = await deployCoreFixture();
        const token = name === "GroToken" ? base.groToken : base.foodUSD;
        return { ...base, token };
      }

      it("has the upstream metadata and the treasury as owner", async () => {
        const { token, treasury } = await loadFixture(fixture);
        expect(await token.name()).to.equal(fullName);
        expect(await token.symbol()).to.equal(symbol);
        expect(await token.decimals()).to.equal(18n);
        expect(await token.owner()).to.equal(treasury.address);
      });

      it("rejects a zero treasury with OwnableInvalidOwner", async () => {
        const { token } = await loadFixture(fixture);
        const factory = await ethers.getContractFactory(name);
        await expect(factory.deploy(ethers.ZeroAddress))
          .to.be.revertedWithCustomError(token, "OwnableInvalidOwner")
          .withArgs(ethers.ZeroAddress);
      });

      it("lets only the owner mint, never to the zero address; zero amounts are allowed", async () => {
        const { token, alice, bob } = await loadFixture(fixture);
        await expect(token.connect(alice).mint(alice.address, 1n))
          .to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount")
          .withArgs(alice.address);
        await expect(token.mint(ethers.ZeroAddress, 1n))
          .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
          .withArgs(ethers.ZeroAddress);
        await expect(token.mint(bob.address, 0n)).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, bob.address, 0n);
      });

      it("burns only the caller's balance and reduces totalSupply", async () => {
        const { token, alice } = await loadFixture(fixture);
        const supply = await token.totalSupply();
        await token.connect(alice).burn(GRO(100));
        expect(await token.totalSupply()).to.equal(supply - GRO(100));
        const balance = await token.balanceOf(alice.address);
        await expect(token.connect(alice).burn(balance + 1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
          .withArgs(alice.address, balance, balance + 1n);
      });

      it("moves mint rights with transferOwnership and freezes minting after renounceOwnership", async () => {
        const { token, treasury, alice } = await loadFixture(fixture);
        await token.transferOwnership(alice.address);
        await expect(token.mint(alice.address, 1n)).to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount");
        await token.connect(alice).mint(treasury.address, 5n);
        expect(await token.balanceOf(treasury.address)).to.equal(5n);
        await token.connect(alice).renounceOwnership();
        await expect(token.connect(alice).mint(alice.address, 1n)).to.be.revertedWithCustomError(
          token,
          "OwnableUnauthorizedAccount",
        );
      });
    });
  }
});
