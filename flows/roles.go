package flows

import "danchu"

var RoleMessages = map[danchu.Role]Msg{
	danchu.RoleChairman:    msgRoleChairman,
	danchu.RoleOfficial:    msgRoleOfficial,
	danchu.RoleTieuKhuHead: msgRoleTieuKhuHead,
	danchu.RoleSupervisor:  msgRoleSupervisor,
	danchu.RoleAdmin:       msgRoleAdmin,
}

// Invites and roles.
const (
	MsgRoleResident          Msg = "role.resident"
	msgRoleChairman          Msg = "role.chairman"
	msgRoleOfficial          Msg = "role.official"
	msgRoleTieuKhuHead       Msg = "role.tieu_khu_head"
	msgRoleSupervisor        Msg = "role.supervisor"
	msgRoleAdmin             Msg = "role.admin"
	MsgRoleWithNeighbourhood Msg = "role.with_neighbourhood"
)
