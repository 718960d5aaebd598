# Prints "hi\n", counts down 50,000 (one tick per iteration) and halts.
# Used by sim-scenarios/busy-faults.yaml.
.org 0x100
    li    3, 0x58           # H_PUT_TERM_CHAR
    li    4, 0              # terminal 0
    li    5, 3              # three bytes
    lis   6, 0x6869         # 'h' 'i'
    ori   6, 6, 0x0A00      # '\n'
    sldi  6, 6, 32          # first byte in the top byte of r6
    sc    1
    li    9, 0
    ori   9, 9, 0xC350      # 50,000 (li takes at most 32,767)
    mtctr 9
1:  bdnz  1b
    li    3, 0x6F00         # H_SIM_HALT
    sc    1
