# The loop of the interpreter benchmark (src/bench/java/org/nestsim/bench/LoopProgram.java holds the
# same words): eight instructions per iteration. Built as a static Linux program for qemu-ppc64.
    .abiversion 2
    .section .data
    .balign 8
buf: .quad 0
    .text
    .globl _start
_start:
    lis 4, ITERATIONS_HIGH
    mtctr 4
    li 3, 0
    li 5, 1
    lis 9, buf@ha
    addi 9, 9, buf@l
loop:
    add 3, 3, 5
    addi 5, 5, 1
    rlwinm 7, 3, 3, 0, 28
    xor 8, 7, 5
    std 8, 0(9)
    ld 10, 0(9)
    cmpd 10, 8
    bdnz loop
    li 0, 1
    sc
