// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {GroVault} from "./GroVault.sol";

/// @title CoopGovernor: a minimal quadratic-voting governor with a chairperson.
/// @notice Voting power is GroVault power in sqrt-wei units, snapshotted one second before the proposal was created.
///         Casting v more votes after having cast p on a proposal costs (p+v)^2 - p^2, so a voter's spent power on a
///         proposal is always (total votes)^2. Execution needs forVotes >= the proposal's quorum and
///         forVotes > againstVotes, strictly after endTime. Execution has no on-chain effect (a signalling vote).
/// @dev Hardening versus upstream (spec contracts.md sections 0.4, 0.6, 0.7 and 1.5):
///      - Quadratic cost on cumulative votes: upstream charged rawVotes^2 per call, so ten 1-vote calls cost 10
///        instead of 100 and splitting made voting linear.
///      - Power snapshot: upstream read live power at vote time, so a lock made (or increased) after a proposal
///        opened could vote on it.
///      - Naming: upstream's `proposalThreshold` was not a proposer threshold but the minimum forVotes to execute.
///        It is `quorumVotes` here; `proposalThreshold()` remains as a read-only alias for ABI compatibility.
///      - No retroactive config: each proposal keeps the quorum in force when it was created
///        (`proposalQuorum`), so the chair cannot block or unblock open proposals.
///      - `transferChairperson` emits `ChairpersonTransferred` and rejects the zero address.
///      - Bounds: the constructor rejects a zero quorum like the update does, and votingPeriod is capped at
///        `MAX_VOTING_PERIOD` (upstream let the chair set 2^64-1 so createProposal overflowed forever).
contract CoopGovernor {
    struct Proposal {
        uint256 id;
        string description;
        uint64 startTime;
        uint64 endTime;
        bool executed;
    }

    struct ProposalTally {
        uint256 forVotes;
        uint256 againstVotes;
    }

    uint64 public constant MAX_VOTING_PERIOD = 365 days;

    GroVault public immutable vault;
    address public chairperson;
    uint256 public proposalCount;
    /// @notice Minimum forVotes a proposal needs to execute (applies to proposals created from now on).
    uint256 public quorumVotes;
    uint64 public votingPeriod;

    mapping(uint256 => Proposal) public proposals;
    mapping(uint256 => ProposalTally) public tallies;
    /// @notice Quadratic cost spent per proposal and voter: always (votesCast)^2.
    mapping(uint256 => mapping(address => uint256)) public spentVotingPower;
    /// @notice Raw votes cast per proposal and voter (for and against together).
    mapping(uint256 => mapping(address => uint256)) public votesCast;
    /// @notice The quorum captured when the proposal was created.
    mapping(uint256 => uint256) public proposalQuorum;

    event ProposalCreated(uint256 indexed proposalId, string description, uint64 startTime, uint64 endTime);
    event VoteCast(uint256 indexed proposalId, address indexed voter, bool support, uint256 votes, uint256 cost);
    event ProposalExecuted(uint256 indexed proposalId, uint256 forVotes, uint256 againstVotes);
    event GovernanceConfigUpdated(uint64 votingPeriod, uint256 proposalThreshold);
    event ChairpersonTransferred(address indexed previousChair, address indexed newChair);

    modifier onlyChair() {
        require(msg.sender == chairperson, "not chair");
        _;
    }

    constructor(GroVault _vault, address _chairperson, uint64 _votingPeriod, uint256 _quorumVotes) {
        require(address(_vault) != address(0), "vault zero");
        require(_chairperson != address(0), "chair zero");
        require(_votingPeriod > 0, "period zero");
        require(_votingPeriod <= MAX_VOTING_PERIOD, "period too long");
        require(_quorumVotes > 0, "threshold zero");
        vault = _vault;
        chairperson = _chairperson;
        votingPeriod = _votingPeriod;
        quorumVotes = _quorumVotes;
        emit ChairpersonTransferred(address(0), _chairperson);
    }

    /// @notice Upstream name of `quorumVotes`, kept so existing callers keep working. Not a proposer threshold.
    function proposalThreshold() external view returns (uint256) {
        return quorumVotes;
    }

    /// @notice The time whose vault power counts for a proposal: one second before it was created, so a lock made
    ///         in the creation block does not count either.
    function proposalSnapshot(uint256 proposalId) public view returns (uint256) {
        require(proposalId != 0 && proposalId <= proposalCount, "invalid proposal");
        return proposals[proposalId].startTime - 1;
    }

    /// @notice Power `voter` may still spend on `proposalId`.
    function remainingPower(uint256 proposalId, address voter) external view returns (uint256) {
        uint256 available = vault.votingPowerAt(voter, proposalSnapshot(proposalId));
        uint256 spent = spentVotingPower[proposalId][voter];
        return available > spent ? available - spent : 0;
    }

    function createProposal(string calldata description) external returns (uint256) {
        uint256 proposalId = ++proposalCount;
        uint64 start = uint64(block.timestamp);
        uint64 end = start + votingPeriod;
        proposals[proposalId] = Proposal(proposalId, description, start, end, false);
        proposalQuorum[proposalId] = quorumVotes;
        emit ProposalCreated(proposalId, description, start, end);
        return proposalId;
    }

    function castVote(uint256 proposalId, uint256 rawVotes, bool support) external {
        require(rawVotes > 0, "votes zero");
        require(proposalId != 0 && proposalId <= proposalCount, "invalid proposal");
        Proposal storage proposal = proposals[proposalId];
        require(block.timestamp >= proposal.startTime, "not started");
        require(block.timestamp <= proposal.endTime, "voting closed");

        uint256 previous = votesCast[proposalId][msg.sender];
        uint256 total = previous + rawVotes;
        // (p+v)^2 - p^2; checked arithmetic panics (0x11) for absurd vote counts.
        uint256 newSpent = total * total;
        uint256 cost = newSpent - previous * previous;
        uint256 available = vault.votingPowerAt(msg.sender, proposal.startTime - 1);
        require(newSpent <= available, "insufficient power");

        votesCast[proposalId][msg.sender] = total;
        spentVotingPower[proposalId][msg.sender] = newSpent;
        ProposalTally storage tally = tallies[proposalId];
        if (support) {
            tally.forVotes += rawVotes;
        } else {
            tally.againstVotes += rawVotes;
        }
        emit VoteCast(proposalId, msg.sender, support, rawVotes, cost);
    }

    function execute(uint256 proposalId) external {
        require(proposalId != 0 && proposalId <= proposalCount, "invalid proposal");
        Proposal storage proposal = proposals[proposalId];
        require(block.timestamp > proposal.endTime, "voting ongoing");
        require(!proposal.executed, "executed");
        ProposalTally memory tally = tallies[proposalId];
        require(tally.forVotes >= proposalQuorum[proposalId], "quorum not met");
        require(tally.forVotes > tally.againstVotes, "not approved");

        proposal.executed = true;
        emit ProposalExecuted(proposalId, tally.forVotes, tally.againstVotes);
    }

    /// @notice Change the voting period and quorum for proposals created from now on.
    function updateGovernanceConfig(uint64 newVotingPeriod, uint256 newQuorumVotes) external onlyChair {
        require(newVotingPeriod > 0, "period zero");
        require(newVotingPeriod <= MAX_VOTING_PERIOD, "period too long");
        require(newQuorumVotes > 0, "threshold zero");
        votingPeriod = newVotingPeriod;
        quorumVotes = newQuorumVotes;
        emit GovernanceConfigUpdated(newVotingPeriod, newQuorumVotes);
    }

    function transferChairperson(address newChair) external onlyChair {
        require(newChair != address(0), "chair zero");
        address previous = chairperson;
        chairperson = newChair;
        emit ChairpersonTransferred(previous, newChair);
    }
}
