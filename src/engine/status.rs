//! A compact, owned picture of every component's live state, for the UI and reports.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Live state of the whole system at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    pub now: SimTime,
    pub producers: Vec<ProducerStatus>,
    pub topics: Vec<TopicStatus>,
    pub groups: Vec<GroupStatus>,
    pub services: Vec<ServiceStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProducerStatus {
    pub name: String,
    pub topic: String,
    pub produced: u64,
    pub rejected: u64,
    pub blocked: bool,
    pub mean_rate_per_second: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicStatus {
    pub name: String,
    /// Messages per partition (dead-letter topics: one entry, the dead letters held).
    pub partition_backlog: Vec<u64>,
    pub capacity: u64,
    pub is_dead_letter_target: bool,
    pub max_backlog: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupStatus {
    pub name: String,
    pub topic: String,
    pub concurrency: u32,
    pub prefetch: u32,
    pub instances: Vec<InstanceStatus>,
    pub processed: u64,
    pub attempts: u64,
    pub retrying: u64,
    /// Messages in the topic not yet fetched plus messages held unacknowledged.
    pub lag: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceStatus {
    /// "group/N", numbered from 1.
    pub name: String,
    pub up: bool,
    pub busy: u32,
    pub buffered: u32,
    pub unacked: u32,
    pub partitions: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub name: String,
    pub active: u32,
    pub waiting: u64,
    /// `None` when unlimited.
    pub capacity: Option<u32>,
    pub calls: u64,
    pub errors: u64,
}
